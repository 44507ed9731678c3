// A study harness of issue 17 (BENCHMARKS.md, "Issue 17, 2026-12-02"): not built by Maven; compile with
// javac -cp chunkwise-bench.jar -d . Alt.java, run with java -Xmx32m -cp chunkwise-bench.jar:. dev.chunkwise.bench.Alt URL ROUNDS STRATEGIES DB
package dev.chunkwise.bench;
import com.zaxxer.hikari.*;
import dev.chunkwise.bench.*;
import dev.chunkwise.bench.strategy.*;
import java.lang.management.*;

public class Alt {
    static long FIRST, END, MAXNEXT, SLOW;
    static long[] us() throws Exception { String[] f = new String(java.nio.file.Files.readAllBytes(java.nio.file.Path.of("/proc/thread-self/stat"))).split("\\) ")[1].split(" "); return new long[]{Long.parseLong(f[11]), Long.parseLong(f[12])}; }
    public static void main(String[] a) throws Exception {
        String url = a[0]; int rounds = Integer.parseInt(a[1]);
        String[] names = a[2].split(",");
        HikariConfig pool = new HikariConfig();
        CountingDataSource counting = new CountingDataSource(url);
        pool.setDataSource(counting); pool.setMaximumPoolSize(2); pool.setMinimumIdle(1);
        ThreadMXBean t = ManagementFactory.getThreadMXBean();
        try (HikariDataSource ds = new HikariDataSource(pool)) {
            double[][] wall = new double[names.length][rounds], cpu = new double[names.length][rounds];
            for (int r = -1; r < rounds; r++) {
                for (int i = 0; i < names.length; i++) {
                    Probe probe = new Probe();
                    BenchContext c = new BenchContext(Database.parse(a[3]), ds, Integer.getInteger("ctx.chunk", 1000), probe, counting);
                    Strategy s;
                    if (names[i].startsWith("cw:")) {
                        String[] p = names[i].split(":");
                        long ms = Long.parseLong(p[1]); int max = Integer.parseInt(p[2]); int fetch = p.length > 3 ? Integer.parseInt(p[3]) : 0;
                        s = new Strategy() {
                            dev.chunkwise.Scan<EntryRow> scan;
                            public void setUp(BenchContext c) {
                                dev.chunkwise.Scan.Builder b = dev.chunkwise.Scan.over(c.dataSource()).table("bench_entry").columns(EntryRow.COLUMNS.split(", ")).orderBy("id")
                                    .chunkSize(1000).chunkTime(java.time.Duration.ofMillis(ms), 1000, max);
                                if (fetch > 0) b.fetchSize(fetch);
                                scan = b.build(EntryRow::map);
                            }
                            public void scan(BenchContext c) { scan.forEach(c.probe()::accept); }
                        };
                    } else if (names[i].startsWith("seek:")) {
                        String[] p = names[i].split(":");
                        int limit = Integer.parseInt(p[1]); int fetch = Integer.parseInt(p[2]); boolean param = p.length > 3;
                        s = c2 -> {
                            try (java.sql.Connection con = c2.dataSource().getConnection()) {
                                long last = 0; 
                                while (true) {
                                    int n = 0;
                                    String sql = "SELECT " + EntryRow.COLUMNS + " FROM bench_entry WHERE id > ? ORDER BY id LIMIT " + (param ? "?" : Integer.toString(limit));
                                    try (java.sql.PreparedStatement st = con.prepareStatement(sql, java.sql.ResultSet.TYPE_FORWARD_ONLY, java.sql.ResultSet.CONCUR_READ_ONLY)) {
                                        st.setFetchSize(fetch); st.setLong(1, last); if (param) st.setInt(2, limit);
                                        long t0 = System.nanoTime();
                                        try (java.sql.ResultSet rs = st.executeQuery()) {
                                            boolean more = rs.next(); FIRST += System.nanoTime() - t0;
                                            while (more) { EntryRow row = EntryRow.map(rs); last = row.id(); n++; c2.probe().accept(row); long t1 = System.nanoTime(); more = rs.next(); long d = System.nanoTime() - t1; if (!more) END += d; else if (d > MAXNEXT) MAXNEXT = d; if (d > 1_000_000) SLOW += d; }
                                            long t2 = System.nanoTime(); rs.close(); END += System.nanoTime() - t2;
                                        }
                                    }
                                    if (n < limit) break;
                                }
                            }
                        };
                    } else s = Strategies.named(names[i]).factory().get().get();
                    s.setUp(c);
                    probe.start();
                    long[] u0 = us(); long c0 = t.getCurrentThreadCpuTime(), w0 = System.nanoTime();
                    s.scan(c);
                    long w1 = System.nanoTime(), c1 = t.getCurrentThreadCpuTime(); long[] u1 = us();
                    probe.finish(); s.tearDown();
                    if (r >= 0) { wall[i][r] = (w1 - w0) / 1e9; cpu[i][r] = (c1 - c0) / 1e9; }
                    System.out.printf("first %.1f ms end %.1f ms maxnext %.1f ms slow %.1f ms%n", FIRST/1e6, END/1e6, MAXNEXT/1e6, SLOW/1e6); FIRST=END=MAXNEXT=SLOW=0;
                    System.out.printf("%d %s wall %.3f cpu %.3f user %.2f sys %.2f rows %d%n", r, names[i], (w1-w0)/1e9, (c1-c0)/1e9, (u1[0]-u0[0])/100.0, (u1[1]-u0[1])/100.0, probe.rows());
                }
            }
            for (int i = 0; i < names.length; i++) {
                java.util.Arrays.sort(wall[i]); java.util.Arrays.sort(cpu[i]);
                System.out.printf("MEDIAN %s wall %.3f maincpu %.3f%n", names[i], wall[i][rounds/2], cpu[i][rounds/2]);
            }
        }
    }
}
