import Reports
import Testing

struct NiceScaleTests {
    @Test func unitRangeGetsTicksEveryPointTwo() {
        let scale = NiceScale(minimum: 0, maximum: 1)
        #expect(scale.ticks == [0, 0.2, 0.4, 0.6, 0.8, 1])
        #expect(scale.labels == ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"])
    }

    @Test func diceInPercentFromTwelveToEightySixStepsByTwenty() {
        // range 74 -> nice 100; 100/5 = 20 -> 20; 0 ... 100.
        let scale = NiceScale(minimum: 12.3, maximum: 85.99)
        #expect(scale.step == 20)
        #expect(scale.lower == 0 && scale.upper == 100)
        #expect(scale.labels == ["0", "20", "40", "60", "80", "100"])
    }

    @Test func epochsOneToTwentyStepByFive() {
        // range 19 -> nice 20; 20/5 = 4 -> 5; 0 ... 20.
        let scale = NiceScale(minimum: 1, maximum: 20)
        #expect(scale.ticks == [0, 5, 10, 15, 20])
    }

    @Test func smallLossRangeKeepsEnoughDecimals() {
        // range 0.0037 -> nice 0.005; /5 = 0.001 -> 0.001; 0.0213 ... 0.025 widened to 0.021 ... 0.025.
        let scale = NiceScale(minimum: 0.0213, maximum: 0.025)
        #expect(scale.step == 0.001)
        #expect(scale.labels == ["0.021", "0.022", "0.023", "0.024", "0.025"])
    }

    @Test func negativeRangesAndLargeValuesWork() {
        // range 1700 -> nice 2000; /5 = 400 -> 500; -300 ... 1400 widened to -500 ... 1500.
        let scale = NiceScale(minimum: -300, maximum: 1400)
        #expect(scale.ticks == [-500, 0, 500, 1000, 1500])
    }

    @Test func aFlatSeriesStillGetsAnAxis() {
        let scale = NiceScale(minimum: 3, maximum: 3)
        #expect(scale.lower < 3 && scale.upper > 3)
        #expect(scale.ticks.count >= 2)
    }
}
