# usage: alt.sh db url rounds out
db=$1; url=$2; rounds=$3; out=$4
J=${J:-/work/jars/bench-jpa-base-a8cb836.jar}  # the chunkwise-bench.jar to measure
: > $out
for r in $(seq 1 $rounds); do
  for cond in base direct; do
    extra=""; [ $cond = direct ] && extra="-Dhibernate.type.java_time_use_direct_jdbc=true"
    for s in cursor chunkwise-jpa chunkwise-jpa-stateless hibernate-scroll; do
      line=$(java -Xmx32m $extra -cp $J dev.chunkwise.bench.MeasuredRun $s $db "$url" 1000 1000000 - 2>/dev/null | grep RESULT)
      echo "$r $cond $s $(echo "$line" | tr '\t' '\n' | grep -E '^(status|nanos|steadyNanos|cpu|liveHeap)=' | tr '\n' ' ') load=$(cut -d' ' -f1 /proc/loadavg)" >> $out
    done
  done
done
