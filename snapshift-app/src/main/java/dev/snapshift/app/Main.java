package dev.snapshift.app;

import dev.snapshift.api.ErrorCode;
import dev.snapshift.api.SnapshiftException;
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

    /** The subcommands, in the order of the help text. */
    static final java.util.Map<String, java.util.function.Supplier<Object>> SUBCOMMANDS =
            subcommands();

    private static java.util.Map<String, java.util.function.Supplier<Object>> subcommands() {
        java.util.Map<String, java.util.function.Supplier<Object>> m =
                new java.util.LinkedHashMap<>();
        m.put("migrate", MigrateCommand::new);
        m.put("cutover", CutoverCommand::new);
        m.put("preflight", PreflightCommand::new);
        m.put("verify", VerifyCommand::new);
        m.put("serve", ServeCommand::new);
        m.put("status", StatusCommand::new);
        m.put("demo", DemoCommand::new);
        m.put("sandbox", SandboxCommand::new);
        m.put("help", CommandLine.HelpCommand::new);
        return java.util.Collections.unmodifiableMap(m);
    }

    /**
     * The command line, with only the subcommand {@code args} name when they start with one
     * (picocli reads the options of every registered command by reflection: ~0.1 s for all of them,
     * at every start); every subcommand otherwise (help, usage errors).
     */
    static CommandLine commandLine(String... args) {
        CommandLine cli = new CommandLine(new Main());
        java.util.function.Supplier<Object> only =
                args.length > 0 && !"help".equals(args[0]) ? SUBCOMMANDS.get(args[0]) : null;
        if (only != null) {
            cli.addSubcommand(args[0], only.get());
        } else {
            SUBCOMMANDS.forEach((name, command) -> cli.addSubcommand(name, command.get()));
        }
        return cli;
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI and returns its exit code (tests call this in-process). */
    public static int run(String... args) {
        return run(null, null, args);
    }

    /** Runs the CLI with the given output streams (null: the process's own). */
    public static int run(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
        CommandLine cli = commandLine(args);
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
