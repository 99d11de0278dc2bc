import CanonicalJSON
import Jobs
import Reproduction
import Runs
import Testing

@Suite struct ReproductionPlanTests {
    @Test func anEmptyOnlyListMeansEveryOutputAndNamesAreCaseInsensitive() throws {
        #expect(try PaperOutput.parse(list: nil) == PaperOutput.allCases)
        #expect(try PaperOutput.parse(list: "FIG5, table2") == [.table2, .fig5])
    }

    @Test func anUnknownOutputNameIsAnErrorNamingIt() {
        #expect(throws: RunError.self) { try PaperOutput.parse(list: "table2,fig9") }
        do {
            _ = try PaperOutput.parse(list: "fig9")
        } catch {
            #expect(error.description.contains("'fig9'"))
        }
    }

    @Test func anUnknownProfileIsAnError() {
        #expect(throws: RunError.self) { try ReproductionProfile(named: "medium") }
    }

    @Test func figureFiveSharesTheCleanUNetOfFigureTwo() throws {
        let profile = ReproductionProfile(.smoke)
        let both = try ReproductionPlan(profile: profile, outputs: [.fig2, .fig5])
        let two = try ReproductionPlan(profile: profile, outputs: [.fig2])
        let five = try ReproductionPlan(profile: profile, outputs: [.fig5])
        #expect(both.runs.count < two.runs.count + five.runs.count)
        let cleanTwo = try #require(two.figure2.first { $0.model == "unet" && $0.labels == .clean })
        let cleanFive = try #require(five.figure5.first { $0.labels == .clean })
        #expect(cleanTwo.run.work.params == cleanFive.run.work.params)
    }

    @Test func plannedRunsAreEachListedOnce() throws {
        let plan = try ReproductionPlan(profile: ReproductionProfile(.smoke), outputs: [.fig2])
        // Panels A and B share the clean run of each model: 2 models × (4 + 4 − 1) configurations.
        #expect(plan.figure2.count == 16)
        #expect(plan.runs.count == 14)
    }

    @Test func figuresWithoutTrainingNeedOnlyTheirDatasets() throws {
        let plan = try ReproductionPlan(profile: ReproductionProfile(.smoke), outputs: [.fig4, .fig6])
        #expect(plan.runs.isEmpty)
        #expect(plan.datasets == [.er, .toy])
    }

    @Test func scenesAreZScoredPerChannelAndMicroscopyKeepsItsEarlierRunKeys() throws {
        let plan = try ReproductionPlan(profile: ReproductionProfile(.smoke), outputs: [.table2, .fig2])
        let scenes = plan.runs.filter { $0.dataset == .scenes }
        let er = plan.runs.filter { $0.dataset == .er }
        #expect(!scenes.isEmpty && !er.isEmpty)
        #expect(scenes.allSatisfy { $0.work.params["normalization"] == "channel" })
        #expect(er.allSatisfy { $0.work.params["normalization"] == nil })
    }
}
