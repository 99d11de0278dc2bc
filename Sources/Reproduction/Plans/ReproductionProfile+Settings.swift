internal import Jobs
internal import RandomStreams
internal import Runs

extension ReproductionProfile {
    /// The supervised run of `model` (`unet`, `hrnet`, `deeplabv3plus`, `deeplabv3`) on `labels`
    /// with this profile's sizes and schedule.
    func trainingSettings(model: String, labels: LabelChoice, seed: Int) throws -> TrainingSettings {
        let network = try NetworkConfiguration(
            architecture: model, width: model == "unet" ? unetWidth : deepLabWidth,
            depth: model == "unet" ? unetDepth : nil)
        var settings = TrainingSettings(network: network)
        settings.labels = try LabelSource(name: labels.noise, ratio: labels.ratio)
        settings.schedule = schedule(epochs: epochs)
        settings.seed = Seed(nonNegative: Int64(seed))
        return settings
    }

    /// iGTT with or without EMS on this profile's U-Net and schedule.
    func igttSettings(ems: Bool, seed: Int) -> IGTTSettings {
        var settings = IGTTSettings(network: .unet(width: unetWidth, depth: unetDepth))
        settings.ems = ems
        settings.schedule = schedule(epochs: igttEpochs)
        settings.seed = Seed(nonNegative: Int64(seed))
        return settings
    }

    /// This profile's SGD schedule over `epochs` epochs (momentum, weight decay and decay factor
    /// stay the official ones).
    private func schedule(epochs: Int) -> TrainingSchedule {
        var schedule = TrainingSchedule()
        schedule.epochs = epochs
        schedule.batch = batch
        schedule.learningRate = learningRate
        schedule.learningRateStep = learningRateStep
        return schedule
    }

    /// A Table 3 baseline: Otsu; AGT with the ER calibration's block 25 and offset −10; DFC and AC
    /// with this profile's iteration budget (and DFC's channel count).
    func baselineSettings(_ method: String, seed: Int) throws -> BaselineSettings {
        var settings = try BaselineSettings(methodNamed: method)
        switch settings.method {
        case .otsu: break
        case .agt: settings.method = .agt(block: 25, offset: -10)
        case .dfc(var parameters):
            parameters.iterations = clusteringIterations
            parameters.channels = clusteringChannels
            settings.method = .dfc(parameters)
        case .ac(var parameters):
            parameters.iterations = clusteringIterations
            settings.method = .ac(parameters)
        }
        settings.seed = Seed(nonNegative: Int64(seed))
        return settings
    }
}
