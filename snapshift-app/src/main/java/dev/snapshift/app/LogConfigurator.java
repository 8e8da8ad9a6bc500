package dev.snapshift.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * The CLI's logging, set up in code (found by logback through {@code META-INF/services}): warnings
 * and errors to stderr, snapshift's own loggers at {@code SNAPSHIFT_LOG_LEVEL} (environment or
 * system property; default WARN). It replaces a {@code logback.xml}, whose XML parsing cost every
 * start about 0.1 s. A {@code logback-test.xml} on the class path (the tests) or {@code
 * -Dlogback.configurationFile} still wins.
 */
public final class LogConfigurator extends ContextAwareBase implements Configurator {
    static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level %logger{0} - %msg%n";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        return configure(
                context,
                System.getProperty("logback.configurationFile") != null
                        || LogConfigurator.class.getClassLoader().getResource("logback-test.xml")
                                != null);
    }

    /** With {@code otherConfiguration}, logback's own search (files) configures the context. */
    static ExecutionStatus configure(LoggerContext context, boolean otherConfiguration) {
        if (otherConfiguration) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("ERR");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        root.addAppender(stderr);
        context.getLogger("dev.snapshift").setLevel(level());
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /**
     * {@code SNAPSHIFT_LOG_LEVEL}, a system property first, then the environment; WARN if unset.
     */
    static Level level() {
        String v = System.getProperty("SNAPSHIFT_LOG_LEVEL", System.getenv("SNAPSHIFT_LOG_LEVEL"));
        return Level.toLevel(v, Level.WARN);
    }
}
