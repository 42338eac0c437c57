package dev.wirestack.scenario;

/**
 * A scenario file that cannot be run, in one line naming the file, the line and the field:
 * {@code scenario.yaml line 12, links[1].loss: 1.5 is not a probability (0 to 1)}. An
 * {@link IllegalArgumentException}, so the command line reports it as bad input (exit code 2).
 */
public final class ScenarioFileException extends IllegalArgumentException {
    private final int line;
    private final String field;

    public ScenarioFileException(String file, int line, String field, String problem) {
        super(file + (line > 0 ? " line " + line : "") + (field.isEmpty() ? "" : ", " + field) + ": " + problem);
        this.line = line;
        this.field = field;
    }

    /** The line of the file, from 1; 0 when unknown. */
    public int line() {
        return line;
    }

    /** The field's path, such as {@code links[1].loss}; empty for the whole file. */
    public String field() {
        return field;
    }
}
