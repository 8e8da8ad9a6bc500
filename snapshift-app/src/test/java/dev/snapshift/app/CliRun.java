package dev.snapshift.app;

import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * The CLI run in-process, as the tests call it: exit code and what it wrote to stdout and stderr.
 */
record CliRun(int code, String out, String err) {

    static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new CliRun(code, out.toString(), err.toString());
    }
}
