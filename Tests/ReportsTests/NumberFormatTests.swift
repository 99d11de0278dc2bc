import Reports
import Testing

struct NumberFormatTests {
    @Test func fixedDecimalsRoundAndNeverPrintNegativeZero() {
        #expect(ReportNumber.fixed(1.005, decimals: 1) == "1.0")
        #expect(ReportNumber.fixed(2.5, decimals: 0) == "2")  // printf rounds half to even
        #expect(ReportNumber.fixed(-0.0001, decimals: 2) == "0.00")
        #expect(ReportNumber.fixed(-1.25, decimals: 3) == "-1.250")
        #expect(ReportNumber.fixed(123_456.789, decimals: 2) == "123456.79")
    }

    @Test func missingAndNonFiniteValuesAreEmpty() {
        #expect(ReportNumber.fixed(nil, decimals: 2) == "")
        #expect(ReportNumber.fixed(.nan, decimals: 2) == "")
        #expect(ReportNumber.fixed(.infinity, decimals: 2) == "")
        #expect(ReportNumber.percent(nil) == "")
    }

    @Test func percentHasTwoDecimals() {
        #expect(ReportNumber.percent(0.8599) == "85.99")
        #expect(ReportNumber.percent(1) == "100.00")
        #expect(ReportNumber.percent(0.00004) == "0.00")
    }

    @Test func ratiosDropTrailingZeros() {
        #expect(ReportNumber.ratio(0.5) == "0.5")
        #expect(ReportNumber.ratio(0.49) == "0.49")
        #expect(ReportNumber.ratio(1) == "1")
        #expect(ReportNumber.ratio(0) == "0")
        #expect(ReportNumber.ratio(nil) == "")
    }

    @Test func repeatSummaryUsesTheSampleStandardDeviation() throws {
        // values 2, 4, 4, 4, 5, 5, 7, 9: mean 5, sum of squares 32, sample variance 32/7.
        let summary = RepeatSummary(values: [2, 4, 4, 4, 5, 5, 7, 9])
        #expect(summary.mean == 5)
        #expect(summary.count == 8)
        let std = try #require(summary.std)
        #expect(abs(std - (32.0 / 7).squareRoot()) < 1e-12)
    }

    @Test func oneRunHasNoStdAndNoRunsHaveNoMean() {
        let one = RepeatSummary(values: [0.7])
        #expect(one.mean == 0.7 && one.std == nil && one.count == 1)
        let none = RepeatSummary(values: [.nan])
        #expect(none.mean == nil && none.std == nil && none.count == 0)
    }
}
