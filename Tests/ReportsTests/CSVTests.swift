import Imaging
import Reports
import Testing

struct CSVTests {
    @Test func fieldsAreQuotedOnlyWhenTheyHoldCommasQuotesOrLineBreaks() throws {
        let table = try CSVTable(
            header: ["a", "b"],
            rows: [["plain", "with,comma"], ["say \"hi\"", "two\nlines"], ["", "cr\rhere"]])
        #expect(
            table.text == "a,b\nplain,\"with,comma\"\n\"say \"\"hi\"\"\",\"two\nlines\"\n,\"cr\rhere\"\n")
    }

    @Test func aRowOfTheWrongWidthIsRejected() {
        #expect(throws: ReportsError.rowWidth(row: 2, expected: 2, got: 3)) {
            try CSVTable(header: ["a", "b"], rows: [["1", "2"], ["1", "2", "3"]])
        }
    }

    @Test func everyFileHasExactlyTheColumnsOfTheDesign() {
        #expect(
            Table2Row.csvHeader.joined(separator: ",")
                == "dataset,model,noise,ratio,miou,miou_std,runs,run_ids,dataset_id")
        #expect(
            Table3Row.csvHeader.joined(separator: ",")
                == "dataset,method,dice,dice_std,auc,auc_std,acc,acc_std,runs,run_ids"
                + ",dice_searched,dice_searched_std,dataset_id")
        // msdb's additions, Dice at the searched threshold and the dataset behind each row, come
        // after the design's columns.
        #expect(
            Figure2Point.csvHeader.joined(separator: ",")
                == "panel,model,noise,ratio,epoch,dice,run_id" + ",dice_searched,dataset_id")
        #expect(
            Figure5Point.csvHeader.joined(separator: ",")
                == "panel,noise,ratio,metric,x,value,run_id,dataset_id")
        #expect(
            ImageGridCell.csvHeader.joined(separator: ",") == "panel,row,col,caption,artifact_id,dataset_id")
        #expect(
            Figure6Row.csvHeader.joined(separator: ",") == "label,rank,ntm,kde_corr_gt,artifact_id,dataset_id"
        )
    }

    @Test func tableTwoRowsGivePercentStdAndSortedRunIDs() {
        let row = Table2Row(
            dataset: "multiclass", model: "deeplabv3", noise: "rs", ratio: 0.5,
            miou: RepeatSummary(values: [0.6, 0.7]), runIDs: ["bb", "aa"])
        // mean 0.65, sample std sqrt(0.005) = 0.0707107 -> 7.07 %.
        #expect(
            CSVTable(records: [row]).text.split(separator: "\n")[1]
                == "multiclass,deeplabv3,rs,0.5,65.00,7.07,2,aa bb,")
    }

    @Test func checkRowsListTheComparedNumbersInPercentAndQuoteTheClaim() {
        let row = CheckRow(
            check: "pcl-order", rule: "searched", claim: "skeleton below dilation, erosion",
            measured: [("skeleton", 0.8667), ("CL", 0.896)], holds: false, runIDs: ["bb", "aa", "bb"])
        #expect(
            CSVTable(records: [row]).text
                == "check,rule,claim,measured,holds,run_ids\n"
                + "pcl-order,searched,\"skeleton below dilation, erosion\",skeleton 86.7; CL 89.6,no,aa bb\n")
    }

    @Test func aSingleRunLeavesTheStdEmptyAndCLHasNoRatio() {
        let row = Table2Row(
            dataset: "multiclass", model: "deeplabv3", noise: "cl", ratio: nil,
            miou: RepeatSummary(values: [0.648]), runIDs: ["r1"])
        #expect(row.csvFields == ["multiclass", "deeplabv3", "cl", "", "64.80", "", "1", "r1", ""])
    }

    @Test func aMissingMetricIsAnEmptyCellInTableThree() {
        let row = Table3Row(
            dataset: "er", method: "otsu", dice: RepeatSummary(values: [0.6947]),
            auc: RepeatSummary(values: []),
            acc: RepeatSummary(values: [0.9]), runIDs: ["r"])
        #expect(row.csvFields == ["er", "otsu", "69.47", "", "", "", "90.00", "", "1", "r", "", "", ""])
        let searched = Table3Row(
            dataset: "er", method: "unet", dice: RepeatSummary(values: [0, 0.9]),
            auc: RepeatSummary(values: [0.99, 0.99]), acc: RepeatSummary(values: [0.9, 0.97]),
            runIDs: ["a", "b"], diceSearched: RepeatSummary(values: [0.89, 0.91]))
        #expect(Array(searched.stamped("d").csvFields.suffix(3)) == ["90.00", "1.41", "d"])
    }

    @Test func figureFivePointsFormatDiceInPercentAndLossWithSixDecimals() {
        let dice = Figure5Point(
            panel: "C", noise: "rl", ratio: 0.1, metric: .dice, x: 3, value: 0.5, runID: "r")
        let loss = Figure5Point(
            panel: "C", noise: "rl", ratio: 0.1, metric: .loss, x: 17, value: 0.1234567, runID: "r")
        #expect(dice.csvFields == ["C", "rl", "0.1", "dice", "3", "50.00", "r", ""])
        let searched = Figure5Point(
            panel: "B", noise: "skeleton", ratio: nil, metric: .diceSearched, x: 4, value: 0.8125, runID: "s")
        #expect(searched.csvFields == ["B", "skeleton", "", "dice_searched", "4", "81.25", "s", ""])
        let point = Figure2Point(
            panel: "A", model: "unet", noise: "rs", ratio: 0.1, epoch: 2, dice: 0.5, runID: "r",
            diceSearched: 0.625)
        #expect(point.csvFields == ["A", "unet", "rs", "0.1", "2", "50.00", "r", "62.50", ""])
        let older = Figure2Point(
            panel: "A", model: "unet", noise: "cl", ratio: nil, epoch: 2, dice: 0.5, runID: "r")
        #expect(older.csvFields.suffix(2) == ["", ""])
        #expect(loss.csvFields == ["C", "rl", "0.1", "loss", "17", "0.123457", "r", ""])
    }

    @Test func figureSixWritesTheMatrixRowMajorAndSpaceSeparated() {
        let row = Figure6Row(
            label: "rl", rank: 1, ntm: [[0.5, 0.5], [0.25, 0.75]], kdeCorrelation: 0.12345, artifactID: "x")
        #expect(row.csvFields == ["rl", "1", "0.5000 0.5000 0.2500 0.7500", "0.1235", "x", ""])
    }

    @Test func captionsWithCommasAreQuotedInImageGridFiles() {
        let cell = ImageGridCell(
            panel: "B", row: 0, col: 2, caption: "RL, P = 0.3", artifactID: "abc",
            image: .init(width: 1, height: 1, gray8: [0]))
        #expect(
            CSVTable(records: [cell.stamped("d1")]).text
                == "panel,row,col,caption,artifact_id,dataset_id\nB,0,2,\"RL, P = 0.3\",abc,d1\n"
        )
    }
}
