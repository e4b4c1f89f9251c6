package io.ably4j.types;

/** The action of an {@link Annotation}, numbered from zero on the wire. Spec: TAN2b, TAN2b1. */
public enum AnnotationAction {
    /** A new annotation of a message. */
    ANNOTATION_CREATE(0),
    /** The removal of an earlier annotation. */
    ANNOTATION_DELETE(1),
    /** An action code this library does not know; the raw code is kept by the annotation. Spec: RSF1. */
    UNKNOWN(-1);

    private static final AnnotationAction[] BY_CODE = {ANNOTATION_CREATE, ANNOTATION_DELETE};

    private final int code;

    AnnotationAction(int code) {
        this.code = code;
    }

    /** {@return the wire code; -1 for {@link #UNKNOWN}} */
    public int code() {
        return code;
    }

    /**
     * The action for a wire code, or {@link #UNKNOWN}.
     *
     * @param code the wire code
     * @return the action, or {@link #UNKNOWN} when the code is not known
     */
    public static AnnotationAction of(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : UNKNOWN;
    }
}
