package dev.snapshift.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import org.junit.jupiter.api.Test;

class LogConfiguratorTest {
    @Test
    void warningsGoToStderrAndSnapshiftsLevelComesFromTheEnvironment() {
        LoggerContext context = new LoggerContext();
        assertThat(LogConfigurator.configure(context, false))
                .isEqualTo(Configurator.ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        assertThat(root.getLevel()).isEqualTo(Level.WARN);
        ConsoleAppender<ILoggingEvent> err =
                (ConsoleAppender<ILoggingEvent>) root.getAppender("ERR");
        assertThat(err.getTarget()).isEqualTo("System.err");
        assertThat(err.isStarted()).isTrue();
        assertThat(((PatternLayoutEncoder) err.getEncoder()).getPattern())
                .isEqualTo("%d{HH:mm:ss.SSS} %-5level %logger{0} - %msg%n");
        assertThat(context.getLogger("dev.snapshift").getLevel())
                .isEqualTo(LogConfigurator.level());
    }

    @Test
    void levelIsReadFromTheSystemPropertyFirstAndDefaultsToWarn() {
        String before = System.getProperty("SNAPSHIFT_LOG_LEVEL");
        try {
            System.setProperty("SNAPSHIFT_LOG_LEVEL", "DEBUG");
            assertThat(LogConfigurator.level()).isEqualTo(Level.DEBUG);
            System.setProperty("SNAPSHIFT_LOG_LEVEL", "nonsense");
            assertThat(LogConfigurator.level()).isEqualTo(Level.WARN);
        } finally {
            if (before == null) {
                System.clearProperty("SNAPSHIFT_LOG_LEVEL");
            } else {
                System.setProperty("SNAPSHIFT_LOG_LEVEL", before);
            }
        }
    }

    @Test
    void aTestOrFileConfigurationIsLeftToLogback() {
        LoggerContext context = new LoggerContext();
        assertThat(LogConfigurator.configure(context, true))
                .isEqualTo(Configurator.ExecutionStatus.INVOKE_NEXT_IF_ANY);
        assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("ERR")).isNull();
    }
}
