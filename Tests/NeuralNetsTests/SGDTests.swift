import NeuralNets
import NumericCore
import Testing

struct SGDTests {
    @Test func momentumAndWeightDecayFollowThePyTorchUpdate() {
        // lr 0.1, momentum 0.9, weight decay 0.5, value 2, gradient 1 on both steps:
        // step 1: g = 1 + 0.5·2 = 2, v = 2, value = 2 − 0.2 = 1.8
        // step 2: g = 1 + 0.5·1.8 = 1.9, v = 0.9·2 + 1.9 = 3.7, value = 1.8 − 0.37 = 1.43
        let parameter = Parameter(name: "p", value: Tensor(shape: [1], scalars: [2]))
        let optimizer = SGD(learningRate: 0.1, momentum: 0.9, weightDecay: 0.5)
        parameter.gradient = Tensor(shape: [1], scalars: [1])
        optimizer.step([parameter])
        expectClose(parameter.value.scalars, [1.8], absolute: 1e-6, relative: 0, "step 1")
        expectClose(optimizer.velocity(of: parameter)?.scalars ?? [], [2], absolute: 1e-6, relative: 0, "v1")
        optimizer.step([parameter])
        expectClose(parameter.value.scalars, [1.43], absolute: 1e-6, relative: 0, "step 2")
        expectClose(
            optimizer.velocity(of: parameter)?.scalars ?? [], [3.7], absolute: 1e-6, relative: 0, "v2")
    }

    @Test func stateIsKeptPerParameterAndParametersWithoutGradientsAreSkipped() {
        let a = Parameter(name: "a", value: Tensor(shape: [1], scalars: [0]))
        let b = Parameter(name: "b", value: Tensor(shape: [1], scalars: [0]))
        let optimizer = SGD(learningRate: 1, momentum: 0.5)
        a.gradient = Tensor(shape: [1], scalars: [1])
        optimizer.step([a, b])
        #expect(b.value.scalars == [0] && optimizer.velocity(of: b) == nil)
        b.gradient = Tensor(shape: [1], scalars: [1])
        optimizer.step([a, b])
        // a: v = 0.5·1 + 1 = 1.5 → value −2.5; b: first step v = 1 → value −1.
        #expect(a.value.scalars == [-2.5])
        #expect(b.value.scalars == [-1])
        optimizer.zeroGradients([a, b])
        #expect(a.gradient == nil && b.gradient == nil)
    }
}
