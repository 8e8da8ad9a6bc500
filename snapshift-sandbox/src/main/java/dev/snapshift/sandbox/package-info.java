/**
 * Real MySQL and MariaDB servers for tests and demos, started from Maven artifacts: no Docker,
 * nothing mocked.
 *
 * <p>{@link dev.snapshift.sandbox.SandboxServer} is the entry point. Behind it, one class per step:
 * {@code ArtifactResolver} (local Maven repository, else {@code mvn dependency:get}), {@code
 * DistributionCache} (extract once per flavor), {@code DataDirTemplates} (initialize once, copy per
 * server), {@code ServerCommands} (the command lines, pure), {@code ServerLauncher} (port, process,
 * readiness), {@code ServerProcess} (stop by pid) and {@code RunningServers} (one shutdown hook).
 */
package dev.snapshift.sandbox;
