#!/bin/bash
# JPA, peers at 1M, rows/s against table size; then the 10M peers if there is time
cd /tmp/r
B=/work/jars/bench-final.jar
PG1='jdbc:postgresql://127.0.0.1:5432/cw1m?user=postgres'; MA1='jdbc:mariadb://127.0.0.1:3306/cw1m?user=root&password='
PG10=${PG1/cw1m/cw10m}; MA10=${MA1/cw1m/cw10m}
D=/work/main/benchmarks/issue17/quiet2
mkdir -p $D
PEERS=cursor,chunkwise,chunkwise-jpa,chunkwise-jpa-stateless,hibernate-scroll,spring-batch-paging,spring-data-scroll,jooq-seek,jpa-stream,plain-seek
uptime
java -jar $B --db postgresql --url "$PG1" --rows 1000000 --repeats 3 --strategies $PEERS --report-dir $D > $D/pg1.log 2>&1; uptime
java -jar $B --db mariadb --url "$MA1" --rows 1000000 --repeats 3 --strategies $PEERS --report-dir $D > $D/ma1.log 2>&1; uptime
java -jar $B --db postgresql --url "${PG1/cw1m/cwsweep}" --sweep 10000,100000,300000,1000000 --repeats 1 --strategies cursor,chunkwise,offset --report-dir $D/sweep > $D/sweep.log 2>&1; uptime
