#!/bin/bash
cd /tmp/r
B=/work/jars/bench-final.jar
PG10='jdbc:postgresql://127.0.0.1:5432/cw10m?user=postgres'; MA10='jdbc:mariadb://127.0.0.1:3306/cw10m?user=root&password='
D=/work/main/benchmarks/issue17/quiet2
PEERS=cursor,chunkwise,hibernate-scroll,spring-batch-paging,jooq-seek
uptime
java -jar $B --db postgresql --url "$PG10" --rows 10000000 --repeats 1 --timeout 3600 --fallback-heap none --strategies $PEERS --report-dir $D > $D/pg10.log 2>&1; uptime
