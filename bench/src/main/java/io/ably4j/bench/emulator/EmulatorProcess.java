package io.ably4j.bench.emulator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The standalone emulator jar in a child JVM, so that its CPU time, threads and memory are measured apart from the
 * load generator. Output goes to a log file next to the jar's working directory.
 */
public final class EmulatorProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("listening on port (\\d+)");

    private final Process process;
    /** The emulator's listening port. */
    public final int port;
    /** The emulator's output (stdout and stderr). */
    public final Path log;

    private EmulatorProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts the emulator jar with {@code key} and waits (up to 60 s) until it listens. */
    public static EmulatorProcess start(Path jar, String key, List<String> jvmArgs)
            throws IOException, InterruptedException {
        Path log = Files.createTempFile("ably4j-emulator-bench", ".log");
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmArgs);
        cmd.addAll(List.of("-jar", jar.toString(), "--port", "0", "--key", key, "--max-idle-interval", "600000"));
        // A subscriber far behind a saturating publisher stays connected (the emulator's default drops it at 4 MiB).
        cmd.addAll(List.of("--outbound-queue-limit", Integer.toString(512 << 20)));
        Process p = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            Matcher m = LISTENING.matcher(Files.readString(log, StandardCharsets.UTF_8));
            if (m.find()) {
                return new EmulatorProcess(p, Integer.parseInt(m.group(1)), log);
            }
            if (!p.isAlive()) {
                throw new IOException("emulator exited: " + Files.readString(log, StandardCharsets.UTF_8));
            }
            Thread.sleep(50); // polling a child's log file; no event to wait on
        }
        p.destroyForcibly();
        throw new IOException("emulator did not start within 60 s; log " + log);
    }

    public long pid() {
        return process.pid();
    }

    /** Total CPU time (user + system, all threads) of the emulator process so far. */
    public Duration cpu() {
        return process.info().totalCpuDuration().orElse(Duration.ZERO);
    }

    /**
     * User and system CPU time in clock ticks (usually 10 ms) from /proc/PID/stat, or {0, 0} off Linux. The split
     * shows how much of the emulator's time goes to syscalls (socket writes, event-loop wake-ups).
     */
    long[] userSystemTicks() {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid()), "stat"), StandardCharsets.US_ASCII);
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ", -1);
            return new long[] {Long.parseLong(f[11]), Long.parseLong(f[12])};
        } catch (IOException | RuntimeException e) {
            return new long[] {0, 0};
        }
    }

    /** A line from /proc/PID/status (e.g. {@code VmRSS}, {@code Threads}), or "?" off Linux. */
    public String status(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
                if (line.startsWith(field + ":")) {
                    return line.substring(field.length() + 1).trim();
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return "?";
    }

    /** Runs {@code jcmd PID command}, returning its output (or the failure). */
    String jcmd(String command) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        try {
            Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid()), command)
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(30, TimeUnit.SECONDS);
            return out;
        } catch (IOException e) {
            return "jcmd failed: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
