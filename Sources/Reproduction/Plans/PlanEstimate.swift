public import ArtifactStore
internal import Datasets
internal import Imaging
public import Jobs
internal import Runs

/// What a plan will cost before it runs (`msdb reproduce --dry-run`): every planned run, whether
/// the database holds it, and its estimated time from its counted work (`WorkEstimator`) at this
/// machine's measured throughput on the run's workload (`ThroughputCalibration`); totals per output
/// and overall.
public struct PlanEstimate: Sendable {
    /// One planned run.
    public struct Run: Sendable {
        public var kind: String
        /// As progress lines name it, e.g. `train unet rs 0.5 seed 0 on er`.
        public var label: String
        public var cached: Bool
        public var work: RunWork
        public var estimatedSeconds: Double
        /// For a recorded run: its id and the wall time it took, to hold the estimate against.
        public var runID: ContentID?
        public var recordedSeconds: Double?
    }

    /// One output's own plan (what `--only` that output runs from an empty database).
    public struct Output: Sendable {
        public var output: PaperOutput
        public var runs: Int
        public var cached: Int
        /// The estimate of its runs not yet recorded, and of all of them.
        public var remainingSeconds: Double
        public var totalSeconds: Double
    }

    public var runs: [Run]
    public var outputs: [Output]
    /// The throughput of every workload of the plan, by workload.
    public var throughputs: [String: MeasuredThroughput]

    /// The estimate of the runs the database lacks: what `reproduce` would compute now.
    public var remainingSeconds: Double { runs.filter { !$0.cached }.map(\.estimatedSeconds).reduce(0, +) }
    /// The estimate of every run, as from an empty database.
    public var totalSeconds: Double { runs.map(\.estimatedSeconds).reduce(0, +) }

    /// Estimates `reproduction`'s plan at `threads` BLAS threads, measuring the throughput of
    /// workloads not measured yet on this machine (all of them with `remeasure`); `note` hears of
    /// each measurement. Datasets are not made: a synthetic set's shape comes from its request (one
    /// small sample tells its channels), an imported set's from its manifest and first image.
    public init(
        _ reproduction: Reproduction, threads: Int, remeasure: Bool = false, note: (String) -> Void = { _ in }
    ) throws {
        let plan = reproduction.plan
        let recorded = try reproduction.recordedDatasets()
        let index = try RunIndex(store: reproduction.store, kinds: Set(plan.runs.map(\.work.kind.rawValue)))
        var shapes: [DatasetRole: DatasetShape] = [:]
        for role in plan.datasets {
            shapes[role] = try Self.shape(of: role, in: reproduction)
        }
        var estimator = WorkEstimator()
        let works = plan.runs.map { planned -> RunWork in
            guard let shape = shapes[planned.dataset] else { return .none }
            return switch planned.work {
            case .train(let settings): estimator.work(of: settings, on: shape)
            case .igtt(let settings): estimator.work(of: settings, on: shape)
            case .baseline(let settings): estimator.work(of: settings, on: shape)
            }
        }
        var measured: [String: MeasuredThroughput] = [:]
        for workload in Set(works.compactMap(\.workload)).sorted() {
            measured[workload] = try ThroughputCalibration.throughput(
                of: workload, estimator: estimator, store: reproduction.store, threads: threads,
                remeasure: remeasure, note: note)
        }
        throughputs = measured
        var byIdentity: [String: Run] = [:]
        runs = []
        for (planned, work) in zip(plan.runs, works) {
            let record = recorded[planned.dataset].flatMap { index[planned.key(dataset: $0.manifestID)] }
            let run = Run(
                kind: planned.work.kind.rawValue, label: planned.title, cached: record != nil, work: work,
                estimatedSeconds: work.workload.flatMap { measured[$0] }.map(work.seconds(at:)) ?? 0,
                runID: record?.id, recordedSeconds: record?.wallSeconds)
            runs.append(run)
            byIdentity[planned.identity] = run
        }
        outputs = try plan.outputs.map { output in
            let own = try ReproductionPlan(profile: plan.profile, outputs: [output]).runs.compactMap {
                byIdentity[$0.identity]
            }
            return Output(
                output: output, runs: own.count, cached: own.filter(\.cached).count,
                remainingSeconds: own.filter { !$0.cached }.map(\.estimatedSeconds).reduce(0, +),
                totalSeconds: own.map(\.estimatedSeconds).reduce(0, +))
        }
    }

    /// The shape of the dataset behind `role`: the chosen (imported) one, or the profile's request.
    static func shape(of role: DatasetRole, in reproduction: Reproduction) throws -> DatasetShape {
        if let chosen = reproduction.choices[role] {
            let manifest = chosen.manifest
            guard let first = manifest[.train].first ?? manifest[.test].first else {
                return DatasetShape(train: 0, test: 0, height: 1, width: 1, channels: 1, classes: 1)
            }
            let image = try Image(canonicalBytes: Array(reproduction.store.get(first.image).bytes))
            return DatasetShape(
                train: manifest[.train].count, test: manifest[.test].count, height: image.height,
                width: image.width, channels: image.channels,
                classes: manifest.task == "binary" ? 1 : manifest.classes.count)
        }
        let request = reproduction.plan.profile.dataset(role)
        let generator = request.kind.generator
        let probe = generator.sample(width: 16, height: 16, stream: request.stream(split: .train, index: 0))
        let classes =
            switch generator.task {
            case .binary: 1
            case .multiclass(let names): names.count
            }
        return DatasetShape(
            train: request.sizes.train, test: request.sizes.test, height: request.imageSize,
            width: request.imageSize, channels: probe.image.channels, classes: classes)
    }
}
