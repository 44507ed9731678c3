#!/bin/bash
# MariaDB 1M: the default's chunk time against longer targets, one JVM, alternating, 5 rounds after a warm-up
cd /tmp/h
MA1='jdbc:mariadb://127.0.0.1:3306/cw1m?user=root&password='
uptime
java -Xmx32m -cp /work/jars/bench-a8cb836.jar:. dev.chunkwise.bench.Alt "$MA1" 5 cursor,chunkwise,cw:250:1000000,cw:500:1000000,cw:1000:1000000,cw:100:1000000,seek:2000000:1000,seek:100000:100 mariadb 2>&1 | grep -v DEBUG
uptime
