import NeuralNets
import NumericCore
import RandomStreams
import Testing

struct DropoutTests {
    @Test func dropoutKeepsAbout1POfTheElementsScaledAndRoutesGradientsThroughThem() throws {
        let tape = Tape(training: true, random: RandomStream(seed: 1, stream: "dropout"))
        let input = tape.variable(Tensor(repeating: 2, shape: [10_000]))
        let output = Dropout(probability: 0.25)(input, on: tape)
        let kept = output.value.scalars.filter { $0 != 0 }
        // Each element is kept with probability 0.75; σ of the kept fraction = √(0.75·0.25/n) ≈ 0.0043.
        #expect(abs(Double(kept.count) / 10_000 - 0.75) < 5 * 0.0043)
        #expect(kept.allSatisfy { abs($0 - 2 / 0.75) < 1e-6 })
        tape.backward(from: tape.sum(output))
        let gradient = try #require(tape.gradient(of: input))
        #expect(zip(gradient.scalars, output.value.scalars).allSatisfy { g, y in (g == 0) == (y == 0) })
    }

    @Test func dropoutDrawsFromTheTapesStreamAndPassesThroughAtEvaluation() {
        func run(_ seed: UInt64) -> [Float] {
            let tape = Tape(training: true, random: RandomStream(seed: seed, stream: "dropout"))
            return tape.dropout(tape.constant(Tensor(repeating: 1, shape: [64])), probability: 0.5).value
                .scalars
        }
        #expect(run(3) == run(3))
        #expect(run(3) != run(4))
        let evaluation = Tape(training: false)
        let input = Tensor(repeating: 1, shape: [8])
        #expect(evaluation.dropout(evaluation.constant(input), probability: 0.5).value == input)
    }
}
