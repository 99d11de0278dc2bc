import ArgumentParser
import ArtifactStore
import Jobs
import Reproduction
import Runs

/// `--profile`, `--only` and `--dataset`, shared by `reproduce`, `report` and `export notebooks`:
/// which plan's runs, which tables and figures, and which recorded datasets replace synthetic ones.
struct PlanOptions: ParsableArguments {
    @Option(help: "smoke, quick, paper-size or full.")
    var profile = "quick"

    @Option(
        help: ArgumentHelp(
            "Comma-separated subset: table2, table3, fig2, fig3, fig4, fig5, fig6 (default: all; paper-size: "
                + "table3, fig2, fig5)."))
    var only: String?

    @Option(
        name: .customLong("dataset"),
        help: ArgumentHelp(
            "ROLE=ID: run the plan's er, mito, nuc or scenes part on a recorded dataset (repeatable).",
            discussion: "ID is a dataset id, the id of the run that made it, or a prefix of 8+ characters; "
                + "er, mito and nuc need a binary set, scenes a multi-class one. Roles not named keep "
                + "the profile's synthetic stand-in.",
            valueName: "role=id"))
    var datasets: [String] = []

    func validate() throws {
        do {
            _ = try plan()
        } catch let error as RunError {
            throw ValidationError(error.description)
        }
    }

    /// The recorded datasets `--dataset` names, checked against their roles in `store`.
    func choices(store: Store) throws -> DatasetChoices {
        try DatasetChoices(parsing: datasets, catalog: DatasetCatalog(store: store))
    }

    /// The plan the options name.
    func plan() throws -> ReproductionPlan {
        let profile = try ReproductionProfile(named: profile)
        return try ReproductionPlan(
            profile: profile, outputs: only == nil ? profile.defaultOutputs : PaperOutput.parse(list: only))
    }
}
