public import CanonicalJSON
import LabelNoise
public import RandomStreams
public import Runs

extension LabelJob {
    /// The job a recorded spec describes: the inverse of `params` (so a stored `label` run can be
    /// rerun from its parameters and seed alone).
    ///
    /// - Throws: `RunError.invalidParameter` for a missing, unknown or out-of-range parameter.
    public init(params: [String: JSONValue], seed: Seed?) throws(RunError) {
        guard let noise = params["noise"]?.stringValue else {
            throw .invalidParameter(
                name: "noise", reason: "missing (expected rs, rf, rl, dilate, erode, skeleton or pcl)")
        }
        func probability() throws(RunError) -> Double {
            guard let p = params["p"]?.doubleValue else {
                throw .invalidParameter(name: "p", reason: "missing or not a number")
            }
            return p
        }
        func allow(_ keys: Set<String>) throws(RunError) {
            if let unknown = params.keys.sorted().first(where: { !keys.contains($0) }) {
                throw .invalidParameter(name: unknown, reason: "not a parameter of \(noise) labels")
            }
        }
        let recipe: NoiseRecipe
        do {
            switch noise {
            case "rs":
                try allow(["noise", "p", "variant"])
                let name = params["variant"]?.stringValue ?? RandomSampling.Unsampled.ignore.rawValue
                guard let variant = RandomSampling.Unsampled(rawValue: name) else {
                    throw RunError.invalidParameter(
                        name: "variant", reason: "'\(name)' is not ignore or background")
                }
                recipe = .sampling(try RandomSampling(p: probability(), unsampled: variant))
            case "rf":
                try allow(["noise", "p", "classes"])
                let classes = params["classes"].map { $0.integerValue.map(Int.init) ?? -1 } ?? 2
                recipe = .flipping(try RandomFlipping(p: probability(), classes: classes))
            case "rl":
                try allow(["noise", "p"])
                recipe = .generation(try RandomGeneration(p: probability()))
            case "pcl":
                try allow(["noise", "steps"])
                let names = params["steps"]?.arrayValue?.map { $0.stringValue ?? "" } ?? []
                let steps = try names.map { name throws(RunError) in
                    guard let step = MorphologicalNoise.Step(rawValue: name) else {
                        throw .invalidParameter(
                            name: "steps", reason: "'\(name)' is not dilate, erode or skeleton")
                    }
                    return step
                }
                recipe = .morphology(try MorphologicalNoise(steps: steps))
            default:
                guard let step = MorphologicalNoise.Step(rawValue: noise) else {
                    throw RunError.invalidParameter(
                        name: "noise", reason: "unknown label noise '\(noise)'")
                }
                try allow(["noise"])
                recipe = .morphology(try MorphologicalNoise(steps: [step]))
            }
        } catch let error as RunError {
            throw error
        } catch let error as LabelNoiseError {
            throw .invalidParameter(name: "params", reason: error.description)
        } catch {
            throw .invalidParameter(name: "params", reason: "\(error)")
        }
        if recipe.isRandom && seed == nil {
            throw .invalidParameter(name: "seed", reason: "\(noise) labels are random and need a seed")
        }
        self.init(recipe: recipe, seed: seed ?? 0)
    }
}
