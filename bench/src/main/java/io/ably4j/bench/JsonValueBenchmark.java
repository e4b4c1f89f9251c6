package io.ably4j.bench;

import io.ably4j.types.Json;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Cost of validating and compacting a small JSON payload ({@link Json#parse}), done once per JSON publish. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class JsonValueBenchmark {
    private final String text = "{\"user\": \"alice\", \"score\": 42, \"tags\": [\"a\", \"b\"], \"ok\": true}";

    @Benchmark
    public Json parse() {
        return Json.parse(text);
    }
}
