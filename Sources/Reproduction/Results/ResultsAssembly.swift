public import ArtifactStore
internal import Datasets
internal import Foundation
internal import Imaging
public import Jobs
internal import LabelNoise
internal import RandomStreams
internal import Runs

/// Reads the results of a plan from the store into `PaperResults`. With `compute`, the small
/// label and KDE runs of Figures 4 and 6 are made when missing (they take milliseconds); without
/// it nothing is computed and whatever is not recorded is listed in `missing`.
public struct ResultsAssembly: Sendable {
    public let store: Store
    public let plan: ReproductionPlan
    public let datasets: [DatasetRole: DatasetOutcome]
    public let compute: Bool

    public init(store: Store, plan: ReproductionPlan, datasets: [DatasetRole: DatasetOutcome], compute: Bool)
    {
        self.store = store
        self.plan = plan
        self.datasets = datasets
        self.compute = compute
    }

    /// For each of the plan's outputs, its own plan's long runs (what `reproduce --only` that
    /// output computes from an empty database) and the sum of their recorded wall times; runs not
    /// recorded are not counted. Dataset synthesis and the instant label and KDE runs of Figures 4
    /// and 6 are not included.
    public func planTimes() throws -> [PlanTime] {
        let index = try RunIndex(store: store, kinds: Set(plan.runs.map(\.work.kind.rawValue)))
        return try plan.outputs.map { output in
            let own = try ReproductionPlan(profile: plan.profile, outputs: [output])
            let records = own.runs.compactMap { run in
                datasets[run.dataset].flatMap { index[run.key(dataset: $0.manifestID)] }
            }
            return PlanTime(
                output: output, runs: own.runs.count, recorded: records.count,
                seconds: records.compactMap(\.wallSeconds).reduce(0, +))
        }
    }

    public func assemble() throws -> PaperResults {
        let kinds = Set(plan.runs.map(\.work.kind.rawValue))
        let index = try RunIndex(store: store, kinds: kinds)
        var results = PaperResults(profile: plan.profile.name)
        func record(_ run: PlannedRun) -> RunRecord? {
            guard let dataset = datasets[run.dataset], let found = index[run.key(dataset: dataset.manifestID)]
            else {
                results.missing.append(run.title)
                return nil
            }
            return found
        }
        for role in plan.datasets {
            if let outcome = datasets[role] {
                results.datasets[role.rawValue] = DatasetProvenance(role: role, outcome: outcome)
            } else {
                results.missing.append("dataset \(role.rawValue)")
            }
        }
        let outputs = Set(plan.outputs)
        if outputs.contains(.table2) {
            results.table2 = plan.table2.map { entry in
                cell(
                    dataset: DatasetRole.scenes.rawValue, method: "deeplabv3", labels: entry.labels,
                    records: entry.runs.compactMap(record))
            }
        }
        if outputs.contains(.table3) {
            results.table3 = plan.table3.map { entry in
                cell(
                    dataset: entry.dataset.rawValue, method: entry.method, labels: .clean,
                    records: entry.runs.compactMap(record))
            }
        }
        // U-Net on ER by its labels, for the science checks (Figures 2 and 5 share the CL run).
        var erUNet: [LabelChoice: PaperResults.Cell] = [:]
        func noteUNet(_ entry: ReproductionPlan.CurveEntry, _ run: RunRecord) {
            guard entry.model == "unet" else { return }
            erUNet[entry.labels] = cell(
                dataset: DatasetRole.er.rawValue, method: "unet", labels: entry.labels, records: [run])
        }
        // Each run's per-epoch Dice at 0.5 and at the searched threshold.
        let diceCurves = ["dice", PaperResults.searchedDiceMetric]
        if outputs.contains(.fig2) {
            for entry in plan.figure2 {
                guard let run = record(entry.run) else { continue }
                noteUNet(entry, run)
                results.figure2 += try curves(entry, run: run, metrics: diceCurves)
            }
        }
        if outputs.contains(.fig5) {
            for entry in plan.figure5 {
                guard let run = record(entry.run) else { continue }
                noteUNet(entry, run)
                results.figure5 += try curves(
                    entry, run: run, metrics: entry.panel == "C" ? diceCurves + ["loss"] : diceCurves)
            }
        }
        results.checks = ScienceChecks(
            erUNet: erUNet, table2: results.table2,
            table3ER: Dictionary(
                results.table3.filter { $0.dataset == DatasetRole.er.rawValue }.map { ($0.method, $0) },
                uniquingKeysWith: { first, _ in first })
        ).evaluate()
        if outputs.contains(.fig3), let scenes = datasets[.scenes] {
            var runs: [(LabelChoice, RunRecord)] = []
            for choice in [LabelChoice.clean, LabelChoice("rs", 0.1), LabelChoice("rf", 0.9)] {
                guard let entry = plan.table2.first(where: { $0.labels == choice }),
                    let first = entry.runs.first,
                    let run = record(first)
                else { continue }
                runs.append((choice, run))
            }
            results.figure3 = try figure3(scenes, runs: runs)
        }
        if outputs.contains(.fig4), let er = datasets[.er] {
            results.figure4 = try figure4(er, missing: &results.missing)
        }
        if outputs.contains(.fig6), let toy = datasets[.toy] {
            results.figure6 = try figure6(toy, missing: &results.missing)
        }
        return results
    }

    /// A table cell from the runs of one configuration.
    private func cell(dataset: String, method: String, labels: LabelChoice, records: [RunRecord])
        -> PaperResults.Cell
    {
        var values: [String: [Double]] = [:]
        for run in records {
            for (name, value) in run.metrics where name != PaperResults.searchedDiceMetric {
                values[name, default: []].append(value)
            }
            // Recorded (engine 4 on) or derived from older runs' metrics, by one rule.
            if let dice = PaperResults.searchedDice(run.metrics) {
                values[PaperResults.searchedDiceMetric, default: []].append(dice)
            }
        }
        return PaperResults.Cell(
            dataset: dataset, method: method, noise: labels.noise, ratio: labels.ratio, values: values,
            runIDs: records.map(\.id), seeds: records.compactMap(\.seed))
    }

    /// The stored curves `curve/<metric>` of a run.
    private func curves(_ entry: ReproductionPlan.CurveEntry, run: RunRecord, metrics: [String]) throws
        -> [PaperResults.CurveSeries]
    {
        try metrics.compactMap { metric in
            guard let id = run.outputs["curve/\(metric)"] else { return nil }
            let curve = try Curve(canonicalBytes: Array(store.get(id).bytes))
            return PaperResults.CurveSeries(
                panel: entry.panel, model: entry.model, noise: entry.labels.noise, ratio: entry.labels.ratio,
                metric: metric, x: curve.x, y: curve.y, runID: run.id, seed: run.seed)
        }
    }

    /// The noisy label `job` makes from the clean label `cleanID`: made when computing, else
    /// looked up.
    private func label(_ job: LabelJob, cleanID: ContentID, title: String, missing: inout [String]) throws
        -> ContentID?
    {
        if compute { return try job.run(cleanID: cleanID, store: store).label }
        guard let run = try store.run(job.spec(clean: cleanID).id), run.status == .done,
            let label = run.outputs["label"]
        else {
            missing.append(title)
            return nil
        }
        return label
    }

    private func labelMap(_ id: ContentID) throws -> LabelMap {
        try LabelMap(canonicalBytes: Array(store.get(id).bytes))
    }

    /// Figure 3: (A) a training image of the multi-class set, its clean label and the noisy labels
    /// the RS 0.1 and RF 0.9 runs trained on; (B) two test images, their clean labels and the
    /// predictions of the DeepLabv3 runs trained on CL, RS 0.1 and RF 0.9.
    private func figure3(_ scenes: DatasetOutcome, runs: [(LabelChoice, RunRecord)]) throws
        -> [PaperResults.Picture]
    {
        let classes = scenes.manifest.classes.count
        var pictures: [PaperResults.Picture] = []
        func add(_ panel: String, _ row: Int, _ caption: String, image id: ContentID) throws {
            let image = try Image(canonicalBytes: Array(store.get(id).bytes))
            pictures.append(
                PaperResults.Picture(
                    panel: panel, row: row,
                    column: pictures.filter { $0.panel == panel && $0.row == row }.count,
                    caption: caption, artifactID: id, image: FigurePicture.display(image)))
        }
        func add(_ panel: String, _ row: Int, _ caption: String, labels id: ContentID) throws {
            pictures.append(
                PaperResults.Picture(
                    panel: panel, row: row,
                    column: pictures.filter { $0.panel == panel && $0.row == row }.count,
                    caption: caption, artifactID: id,
                    image: FigurePicture.labels(try labelMap(id), classes: classes)))
        }
        if let sample = scenes.manifest[.train].first {
            try add("A", 0, "image", image: sample.image)
            try add("A", 0, "cl", labels: sample.label)
            for (choice, run) in runs where choice != .clean {
                guard let setID = run.inputs["labels"] else { continue }
                let set = try LabelSet(canonicalBytes: Array(store.get(setID).bytes))
                if let first = set.labels.first { try add("A", 0, choice.title, labels: first) }
            }
        }
        for (row, sample) in scenes.manifest[.test].prefix(2).enumerated() {
            try add("B", row, "image", image: sample.image)
            try add("B", row, "cl", labels: sample.label)
            let role =
                "prediction/test/" + TestPredictions.paddedNumber(row, of: scenes.manifest[.test].count)
            for (choice, run) in runs {
                guard let prediction = run.outputs[role] else { continue }
                try add("B", row, "prediction (\(choice.title))", labels: prediction)
            }
        }
        return pictures
    }

    /// Figure 4: (A) an ER test image, its clean label and the morphological labels; (B) random
    /// labels at P_generate 0.1…0.5 (seed 0).
    private func figure4(_ er: DatasetOutcome, missing: inout [String]) throws -> [PaperResults.Picture] {
        guard let entry = er.manifest[.test].first ?? er.manifest[.train].first else { return [] }
        let image = try Image(canonicalBytes: Array(store.get(entry.image).bytes))
        let clean = try labelMap(entry.label)
        var pictures = [
            PaperResults.Picture(
                panel: "A", row: 0, column: 0, caption: "image", artifactID: entry.image,
                image: FigurePicture.display(image)),
            PaperResults.Picture(
                panel: "A", row: 0, column: 1, caption: "cl", artifactID: entry.label,
                image: FigurePicture.labels(clean, classes: 2)),
        ]
        let morphology: [(String, MorphologicalNoise.Step)] = [
            ("dilate", .dilate), ("erode", .erode), ("skeleton", .skeleton),
        ]
        for (offset, (name, step)) in morphology.enumerated() {
            let job = LabelJob(recipe: .morphology(try MorphologicalNoise(steps: [step])), seed: 0)
            guard
                let id = try label(
                    job, cleanID: entry.label, title: "label \(name) for fig4", missing: &missing)
            else { continue }
            pictures.append(
                PaperResults.Picture(
                    panel: "A", row: 0, column: offset + 2, caption: name, artifactID: id,
                    image: FigurePicture.labels(try labelMap(id), classes: 2)))
        }
        for (offset, p) in [0.1, 0.2, 0.3, 0.4, 0.5].enumerated() {
            let job = LabelJob(recipe: .generation(try RandomGeneration(p: p)), seed: 0)
            guard
                let id = try label(
                    job, cleanID: entry.label, title: "label rl \(p) for fig4", missing: &missing)
            else { continue }
            pictures.append(
                PaperResults.Picture(
                    panel: "B", row: 0, column: offset, caption: "rl \(p)", artifactID: id,
                    image: FigurePicture.labels(try labelMap(id), classes: 2)))
        }
        return pictures
    }

    /// Figure 6: the toy's ground truth, a random-flipping label (RCL, rank 2) and a random label
    /// (RL, rank 1), each with its noise transition matrix and KDE map (bandwidth = side / 32).
    private func figure6(_ toy: DatasetOutcome, missing: inout [String]) throws -> [PaperResults.ToyLabel] {
        guard let entry = toy.manifest[.train].first else { return [] }
        let clean = try labelMap(entry.label)
        let bandwidth = Double(max(clean.width, clean.height)) / 32
        var labels: [(String, ContentID)] = [("cl", entry.label)]
        let noisy: [(String, LabelJob)] = [
            ("rf", LabelJob(recipe: .flipping(try RandomFlipping(p: 0.3, classes: 2)), seed: 0)),
            ("rl", LabelJob(recipe: .generation(try RandomGeneration(p: 0.3)), seed: 0)),
        ]
        for (name, job) in noisy {
            if let id = try label(
                job, cleanID: entry.label, title: "label \(name) for fig6", missing: &missing)
            {
                labels.append((name, id))
            }
        }
        let kde = try KDEJob(bandwidth: bandwidth)
        var result: [PaperResults.ToyLabel] = []
        var truthDensity: Plane?
        for (name, id) in labels {
            let map = try labelMap(id)
            let mask = Mask(width: map.width, height: map.height, pixels: map.labels.map { $0 == 1 ? 1 : 0 })
            let kdeID: ContentID
            if compute {
                guard let output = try kde.run(mask: mask, store: store).outputs["kde"] else { continue }
                kdeID = output
            } else {
                let maskID = ContentID.blob(kind: .label, bytes: Data(mask.canonicalBytes))
                guard let run = try store.run(kde.spec(mask: maskID).id), let output = run.outputs["kde"]
                else {
                    missing.append("kde of \(name) for fig6")
                    continue
                }
                kdeID = output
            }
            let density = try KDEMap.decode(canonicalBytes: Array(store.get(kdeID).bytes)).density
            if name == "cl" { truthDensity = density }
            let matrix = try NoiseTransitionMatrix(clean: clean, noisy: map, classes: 2)
            result.append(
                PaperResults.ToyLabel(
                    label: name, rank: matrix.rank, matrix: matrix.matrix,
                    kdeCorrelationWithTruth: truthDensity.map { Self.correlation($0.values, density.values) }
                        ?? .nan,
                    labelID: id, kdeID: kdeID, mask: FigurePicture.labels(map, classes: 2), density: density))
        }
        return result
    }

    /// Pearson's correlation coefficient (NaN when either side is constant).
    static func correlation(_ a: [Double], _ b: [Double]) -> Double {
        let n = Double(a.count)
        let meanA = a.reduce(0, +) / n
        let meanB = b.reduce(0, +) / n
        var covariance = 0.0
        var varianceA = 0.0
        var varianceB = 0.0
        for (x, y) in zip(a, b) {
            covariance += (x - meanA) * (y - meanB)
            varianceA += (x - meanA) * (x - meanA)
            varianceB += (y - meanB) * (y - meanB)
        }
        return covariance / (varianceA * varianceB).squareRoot()
    }
}
