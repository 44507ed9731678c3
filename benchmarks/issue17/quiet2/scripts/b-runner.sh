#!/bin/bash
# the runner's official measure: old default (jar of a8cb836) and the candidate, MariaDB 1M then 10M
cd /tmp/r
OLD=/work/jars/bench-a8cb836.jar; NEW=/work/jars/bench-target.jar
MA1='jdbc:mariadb://127.0.0.1:3306/cw1m?user=root&password='; MA10=${MA1/cw1m/cw10m}
uptime
for j in OLD NEW; do java -jar ${!j} --db mariadb --url "$MA1" --rows 1000000 --repeats 3 --strategies cursor,chunkwise --report-dir /work/quiet/ma1-$j > /work/quiet/ma1-$j.log 2>&1; grep -E '^\| (cursor|chunkwise) \| 32m' /work/quiet/ma1-$j/results-mariadb-1000000.md | cut -d'|' -f2,5,7,9,10,14; uptime; done
for j in NEW OLD; do java -jar ${!j} --db mariadb --url "$MA10" --rows 10000000 --repeats 3 --timeout 3600 --strategies cursor,chunkwise --report-dir /work/quiet/ma10-$j > /work/quiet/ma10-$j.log 2>&1; grep -E '^\| (cursor|chunkwise) \| 32m' /work/quiet/ma10-$j/results-mariadb-10000000.md | cut -d'|' -f2,5,7,9,10,14; uptime; done
