import ArgumentParser
import Jobs
import Reproduction
import Runs

/// The options of an SGD training schedule that `train` and `igtt` share, with the official
/// training's defaults (100 epochs, batch 32, lr 0.05, momentum 0.9, weight decay 1e-3, ×0.1 every
/// 20 epochs).
struct ScheduleOptions: ParsableArguments {
    @Option(help: "Epochs.")
    var epochs = 100

    @Option(help: "Images per batch.")
    var batch = 32

    @Option(help: "The initial learning rate.")
    var lr = 0.05

    @Option(help: "SGD momentum, in [0, 1).")
    var momentum = 0.9

    @Option(name: .customLong("weight-decay"), help: "L2 weight decay.")
    var weightDecay = 1e-3

    @Option(name: .customLong("lr-step"), help: "Epochs between learning-rate decays.")
    var lrStep = 20

    @Option(name: .customLong("lr-factor"), help: "The learning-rate decay factor, in (0, 1].")
    var lrFactor = 0.1

    /// The schedule the options describe.
    var schedule: TrainingSchedule {
        var schedule = TrainingSchedule()
        schedule.epochs = epochs
        schedule.batch = batch
        schedule.learningRate = lr
        schedule.momentum = momentum
        schedule.weightDecay = weightDecay
        schedule.learningRateStep = lrStep
        schedule.learningRateFactor = lrFactor
        return schedule
    }
}
