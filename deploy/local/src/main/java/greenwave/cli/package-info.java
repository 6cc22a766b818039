/**
 * The {@code ./greenwave} launcher's commands (picocli), on the embedded local stack ({@link greenwave.local}).
 *
 * <ul>
 * <li>{@link greenwave.cli.Greenwave}: the entry point and {@code --config}; one class per subcommand:
 * {@link greenwave.cli.DemoCommand}, {@link greenwave.cli.RunCommand}, {@link greenwave.cli.ReplayCommand},
 * {@link greenwave.cli.AtspmCommand}, {@link greenwave.cli.BenchCommand}, {@link greenwave.cli.BikeScenarioCommand},
 * {@link greenwave.cli.SqlCommand}, {@link greenwave.cli.ServeCommand}. ({@code ./greenwave sim} is the SUMO bridge
 * in {@code sim/}, started by the launcher script itself.)</li>
 * <li>{@link greenwave.cli.StackOptions} (data directory and ports of the stack) and
 * {@link greenwave.cli.ServiceOptions} (where the REST catalog and the SQL gateway listen), shared by the commands.</li>
 * <li>{@link greenwave.cli.LocalRun}: one batch through the stack, as {@code replay} and {@code demo} run it; the jobs
 * are wired by {@link greenwave.jobs.GreenwaveTopology}, as everywhere else.</li>
 * <li>{@link greenwave.cli.Summary}: what the demo prints, read back from Iceberg.</li>
 * </ul>
 */
package greenwave.cli;
