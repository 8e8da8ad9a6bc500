package dev.snapshift.app;

import dev.snapshift.api.ErrorCode;
import dev.snapshift.api.SnapshiftException;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code bin/snapshift}. */
@Command(
        name = "snapshift",
        mixinStandardHelpOptions = true,
        version = "snapshift 0.1.0",
        description =
                "Migrate a live MySQL server to another one at one transactionally consistent point in time.")
public final class Main {

    /** The commands, in the order {@code snapshift --help} lists them. */
    static final List<Class<?>> COMMANDS =
            List.of(
                    MigrateCommand.class,
                    CutoverCommand.class,
                    PreflightCommand.class,
                    VerifyCommand.class,
                    ServeCommand.class,
                    StatusCommand.class,
                    DemoCommand.class,
                    SandboxCommand.class,
                    CommandLine.HelpCommand.class);

    /** Every command: what {@code snapshift --help} lists. */
    static CommandLine commandLine() {
        return commandLine(null);
    }

    /**
     * The command tree for a command line whose first argument is {@code first}. When it names a
     * command, only that one is built: picocli reads every option of every command it is given, by
     * reflection, and the commands a run does not use cost ~30 ms on the path to its first row (two
     * cores). Anything else (no argument, an option, {@code help}, a mistyped name that wants
     * suggestions) gets them all.
     */
    static CommandLine commandLine(String first) {
        CommandLine cli = new CommandLine(new Main());
        for (Class<?> c : COMMANDS) {
            if (c != CommandLine.HelpCommand.class
                    && c.getAnnotation(Command.class).name().equals(first)) {
                return cli.addSubcommand(c);
            }
        }
        for (Class<?> c : COMMANDS) {
            cli.addSubcommand(c);
        }
        return cli;
    }

    public static void main(String[] args) {
        Warmup.start();
        System.exit(run(args));
    }

    /** Runs the CLI and returns its exit code (tests call this in-process). */
    public static int run(String... args) {
        return run(null, null, args);
    }

    /** Runs the CLI with the given output streams (null: the process's own). */
    public static int run(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
        CommandLine cli = commandLine(args.length > 0 ? args[0] : null);
        if (out != null) {
            cli.setOut(out);
        }
        if (err != null) {
            cli.setErr(err);
        }
        cli.setExecutionExceptionHandler(
                (ex, commandLine, parseResult) -> {
                    ErrorCode code =
                            ex instanceof SnapshiftException se ? se.code() : ErrorCode.INTERNAL;
                    commandLine
                            .getErr()
                            .println(
                                    "snapshift: "
                                            + (code == ErrorCode.INTERNAL
                                                    ? ex.toString()
                                                    : ex.getMessage()));
                    return code.exitCode();
                });
        cli.setParameterExceptionHandler(
                (ex, argv) -> {
                    CommandLine c = ex.getCommandLine();
                    c.getErr().println("snapshift: " + ex.getMessage());
                    // "Did you mean: snapshift migrate?" for a mistyped command or option
                    CommandLine.UnmatchedArgumentException.printSuggestions(ex, c.getErr());
                    c.getErr()
                            .println(
                                    "Try '"
                                            + c.getCommandSpec().qualifiedName()
                                            + " --help' for more information.");
                    return ErrorCode.USAGE.exitCode();
                });
        return cli.execute(args);
    }
}
