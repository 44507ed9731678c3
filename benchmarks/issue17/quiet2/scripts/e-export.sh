#!/bin/bash
# MariaDB export before/after the default change (the CLI's MariaDB CSV/JSONL exports use the row consumers' default)
cd /tmp/r
MA1='jdbc:mariadb://127.0.0.1:3306/cw1m?user=root&password='
uptime
java -cp /work/jars/bench-final.jar dev.chunkwise.bench.ExportBench --db mariadb --url "$MA1" --rows 1000000 --repeats 3 --formats csv,jsonl --jar /work/jars/cli-a8cb836.jar,/work/jars/cli-final.jar --dir /tmp/r/exp
uptime
