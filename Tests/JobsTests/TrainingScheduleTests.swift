import CanonicalJSON
import Jobs
import Runs
import Testing

@Suite struct TrainingScheduleTests {
    @Test func aScheduleReadsBackFromItsParameters() throws {
        var schedule = TrainingSchedule()
        schedule.epochs = 7
        schedule.batch = 3
        schedule.learningRate = 0.01
        schedule.learningRateStep = 5
        var reader = SpecParameters(schedule.parameters, kind: .train)
        #expect(try TrainingSchedule(reading: &reader) == schedule)
        try reader.finish()
        #expect(
            Set(schedule.parameters.keys)
                == ["epochs", "batch", "lr", "momentum", "weight_decay", "lr_step", "lr_factor"])
    }

    @Test func supervisedSpecsNameEveryNumberAndIGTTSpecsMayLeaveThemToTheDefaults() throws {
        var required = SpecParameters([:], kind: .train)
        #expect(throws: RunError.missingParameter(name: "epochs")) {
            try TrainingSchedule(reading: &required)
        }
        var defaulted = SpecParameters(["epochs": 4], kind: .igtt)
        var expected = TrainingSchedule()
        expected.epochs = 4
        #expect(try TrainingSchedule(reading: &defaulted, defaults: TrainingSchedule()) == expected)
    }

    @Test func theLearningRateStepsDownEveryStepEpochs() throws {
        var schedule = TrainingSchedule()
        schedule.learningRate = 0.5
        schedule.learningRateStep = 2
        schedule.learningRateFactor = 0.1
        #expect(throws: RunError.invalidParameter(name: "batch", reason: "must be ≥ 2 for deeplabv3, got 1"))
        {
            var small = schedule
            small.batch = 1
            try small.validate(minimumBatch: 2, architecture: "deeplabv3")
        }
        let rates = (1...5).map { schedule.learningRate(epoch: $0) }
        #expect(rates == [0.5, 0.5, 0.05, 0.05, 0.005].map { Float($0) })
    }
}
