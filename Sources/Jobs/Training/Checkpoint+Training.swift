public import CanonicalJSON
public import NeuralNets
internal import NumericCore
internal import RandomStreams
internal import Runs

extension Checkpoint {
    /// What a checkpoint must agree on to be resumed by a run with spec parameters `parameters` and
    /// seed `seed`: every parameter but `epochs` (a longer run of the same settings may start from
    /// it), and the seed.
    static func hyperparameters(_ parameters: [String: JSONValue], seed: Seed) -> [String: JSONValue] {
        var result = parameters
        result["epochs"] = nil
        result["seed"] = .integer(seed.value)
        return result
    }

    /// Captures a training state: the network's parameters and buffers and the optimizer's
    /// velocities, in the network's fixed order.
    public init(
        architecture: String, hyperparameters: [String: JSONValue], epoch: Int, history: [String: [Double]],
        network: any Layer, optimizer: SGD
    ) {
        var entries: [Entry] = []
        for parameter in network.parameters {
            entries.append(Entry(name: "parameter/" + parameter.name, tensor: parameter.value))
        }
        for buffer in network.buffers {
            entries.append(Entry(name: "buffer/" + buffer.name, tensor: buffer.value))
        }
        for parameter in network.parameters {
            if let velocity = optimizer.velocity(of: parameter) {
                entries.append(Entry(name: "velocity/" + parameter.name, tensor: velocity))
            }
        }
        self.init(
            architecture: architecture, hyperparameters: hyperparameters, epoch: epoch, history: history,
            entries: entries)
    }

    /// Loads this state into `network` and `optimizer`, after checking that it was written for the
    /// same architecture and hyperparameters and holds exactly the tensors the network has, with
    /// the same shapes. Throws `RunError.invalidCheckpoint` naming the first difference and
    /// changes nothing in that case.
    public func restore(
        into network: any Layer, optimizer: SGD, architecture: String, hyperparameters: [String: JSONValue]
    ) throws {
        func invalid(_ reason: String) -> RunError { .invalidCheckpoint(reason: reason) }
        guard self.architecture == architecture else {
            throw invalid("written for a \(self.architecture) network, not \(architecture)")
        }
        for key in Set(self.hyperparameters.keys).union(hyperparameters.keys).sorted()
        where self.hyperparameters[key] != hyperparameters[key] {
            throw invalid(
                "hyperparameter '\(key)' is \(self.hyperparameters[key]?.canonicalText ?? "absent"), "
                    + "the run has \(hyperparameters[key]?.canonicalText ?? "none")")
        }
        let parameters = network.parameters
        let buffers = network.buffers
        var expected = parameters.map { ("parameter/" + $0.name, $0.value.shape) }
        expected += buffers.map { ("buffer/" + $0.name, $0.value.shape) }
        let stateCount = expected.count
        guard entries.count >= stateCount else {
            throw invalid("holds \(entries.count) tensors, the network has \(stateCount)")
        }
        for (entry, (name, shape)) in zip(entries, expected) {
            guard entry.name == name, entry.tensor.shape == shape else {
                throw invalid(
                    "tensor \(entry.name) \(entry.tensor.shape) where the network has \(name) \(shape)")
            }
        }
        var velocities: [String: Entry] = [:]
        for entry in entries[stateCount...] {
            guard entry.name.hasPrefix("velocity/"), velocities[entry.name] == nil else {
                throw invalid("unexpected tensor \(entry.name)")
            }
            velocities[entry.name] = entry
        }
        let velocityNames = Set(parameters.map { "velocity/" + $0.name })
        if let unknown = velocities.keys.sorted().first(where: { !velocityNames.contains($0) }) {
            throw invalid("velocity for an unknown parameter \(unknown)")
        }
        for parameter in parameters {
            if let velocity = velocities["velocity/" + parameter.name],
                velocity.tensor.shape != parameter.value.shape
            {
                throw invalid("velocity of \(parameter.name) has shape \(velocity.tensor.shape)")
            }
        }
        for (parameter, entry) in zip(parameters, entries) {
            parameter.value = entry.tensor
            optimizer.setVelocity(velocities["velocity/" + parameter.name]?.tensor, for: parameter)
        }
        for (buffer, entry) in zip(buffers, entries[parameters.count...]) {
            buffer.value = entry.tensor
        }
    }
}
