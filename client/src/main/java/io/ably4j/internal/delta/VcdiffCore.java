package io.ably4j.internal.delta;

import io.ably4j.VcdiffDecoder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import org.jspecify.annotations.Nullable;

/**
 * The {@link VcdiffDecoder} backed by {@code com.davidehrmann.vcdiff:vcdiff-core}, an optional dependency reached only
 * by reflection, so that the client loads and runs without it. Each decode builds its own vcdiff-core decoder (they
 * keep state while decoding), which makes the instance thread-safe.
 */
public final class VcdiffCore implements VcdiffDecoder {
    private static final String BUILDER = "com.davidehrmann.vcdiff.VCDiffDecoderBuilder";
    private static final String DECODER = "com.davidehrmann.vcdiff.VCDiffDecoder";
    private static final String[] ENGINE_CLASSES = {
        "com.davidehrmann.vcdiff.engine.VCDiffStreamingDecoderImpl",
        "com.davidehrmann.vcdiff.engine.VCDiffHeaderParser",
        "com.davidehrmann.vcdiff.engine.VCDiffDeltaFileWindow"
    };
    private static final @Nullable VcdiffCore INSTANCE = load();

    private final MethodHandle newBuilder; // () -> VCDiffDecoderBuilder
    private final MethodHandle buildSimple; // (VCDiffDecoderBuilder) -> VCDiffDecoder
    private final MethodHandle decode; // (VCDiffDecoder, byte[] dictionary, byte[] delta, OutputStream) -> void

    private VcdiffCore(MethodHandle newBuilder, MethodHandle buildSimple, MethodHandle decode) {
        this.newBuilder = newBuilder;
        this.buildSimple = buildSimple;
        this.decode = decode;
    }

    /** {@return the vcdiff-core decoder, or null when vcdiff-core is not on the class path} */
    public static @Nullable VcdiffDecoder decoder() {
        return INSTANCE;
    }

    private static @Nullable VcdiffCore load() {
        try {
            ClassLoader loader = VcdiffCore.class.getClassLoader();
            Class<?> builder = Class.forName(BUILDER, true, loader);
            Class<?> decoder = Class.forName(DECODER, true, loader);
            for (String engine : ENGINE_CLASSES) { // they need slf4j-api: fail here, not on the first delta
                Class.forName(engine, true, loader);
            }
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            return new VcdiffCore(
                    lookup.findStatic(builder, "builder", MethodType.methodType(builder)),
                    lookup.findVirtual(builder, "buildSimple", MethodType.methodType(decoder)),
                    lookup.findVirtual(
                            decoder,
                            "decode",
                            MethodType.methodType(void.class, byte[].class, byte[].class, OutputStream.class)));
        } catch (ReflectiveOperationException | LinkageError | SecurityException e) {
            return null; // not on the class path (or an incompatible version): no built-in decoder
        }
    }

    @Override
    public byte[] decode(byte[] delta, byte[] base) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(32, base.length + (base.length >> 3)));
        try {
            Object d = buildSimple.invoke(newBuilder.invoke());
            decode.invoke(d, base, delta, (OutputStream) out);
        } catch (IOException e) {
            throw new IllegalArgumentException("invalid vcdiff delta: " + e.getMessage(), e);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("vcdiff-core failed", e);
        }
        return out.toByteArray();
    }

    @Override
    public String toString() {
        return "VcdiffDecoder[vcdiff-core]";
    }
}
