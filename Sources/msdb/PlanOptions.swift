import ArgumentParser
import Jobs
import Reproduction
import Runs

/// `--profile` and `--only`, shared by `reproduce`, `report` and `export notebooks`: which plan's
/// runs and which tables and figures.
struct PlanOptions: ParsableArguments {
    @Option(help: "smoke, quick or full.")
    var profile = "quick"

    @Option(help: "Comma-separated subset: table2, table3, fig2, fig3, fig4, fig5, fig6 (default: all).")
    var only: String?

    func validate() throws {
        do {
            _ = try plan()
        } catch let error as RunError {
            throw ValidationError(error.description)
        }
    }

    /// The plan the options name.
    func plan() throws -> ReproductionPlan {
        try ReproductionPlan(
            profile: ReproductionProfile(named: profile), outputs: PaperOutput.parse(list: only))
    }
}
