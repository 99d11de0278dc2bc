import Foundation
import Reports
import Testing

struct IndexPageTests {
    static func page() throws -> IndexPage {
        IndexPage(
            profile: "smoke", provenance: "msdb 0.1.0-test, database msdb.sqlite, 12 runs",
            tables: [
                IndexPage.TableSection(
                    fileName: "table2.csv", caption: "Table 2. mIoU (%) of DeepLabv3",
                    table: CSVTable(records: SampleReport.table2)),
                IndexPage.TableSection(
                    fileName: "table3.csv", caption: "Table 3. Dice, AUC, ACC (%) on ER",
                    table: CSVTable(records: SampleReport.table3)),
            ],
            figures: ["fig2", "fig3", "fig4", "fig5", "fig6"].map {
                IndexPage.FigureSection(
                    fileName: "\($0).svg", caption: "Figure \($0.dropFirst(3))", dataFileName: "\($0).csv")
            }, data: data)
    }

    static let data = [
        IndexPage.DataSection(
            role: "er", name: "er", id: "e1", real: false, summary: "synthetic er 64×64, seed 0",
            usedBy: ["table3", "fig2"]),
        IndexPage.DataSection(
            role: "nuc", name: "stage1_train", id: "n1", real: true,
            summary: "imported dsb2018 folder /data/stage1_train", usedBy: ["table3"]),
    ]

    @Test func theDataSectionSaysWhichResultsAreOnRealData() {
        func sentence(_ data: [IndexPage.DataSection]) -> String {
            let html = IndexPage(profile: "q", provenance: "p", tables: [], figures: [], data: data).html
            return html.split(separator: "\n").first {
                $0.hasPrefix("<h2>Data</h2>") == false && $0.hasPrefix("<p>")
                    && $0.contains("data")
            }.map(String.init) ?? ""
        }
        #expect(sentence(Self.data).contains("Results on nuc are on real, imported data; those on er are on"))
        #expect(sentence([Self.data[0]]).contains("synthetic stand-ins, not the paper&#39;s data"))
        #expect(sentence([Self.data[1]]).contains("Every result on this page is on real, imported data."))
        let empty = IndexPage(profile: "q", provenance: "p", tables: [], figures: []).html
        #expect(!empty.contains("<h2>Data</h2>"))
    }

    @Test func theIndexShowsEveryTableAndFigureAndMatchesItsSnapshot() throws {
        let html = try Self.page().html
        try Snapshot.check(html, named: "reports/index.html")
        for figure in ["fig2", "fig3", "fig4", "fig5", "fig6"] {
            #expect(html.contains("<img src=\"\(figure).svg\""))
        }
        #expect(html.contains("<th>miou_std</th>"))
        #expect(html.contains("<td>64.80</td>"))
        #expect(html.contains("Profile: <strong>smoke</strong>"))
        #expect(html.filter { $0 == "\n" }.count > 20)
    }

    @Test func cellTextIsEscaped() throws {
        let table = try CSVTable(header: ["caption"], rows: [["<b>&</b>"]])
        let html = IndexPage(
            profile: "q", provenance: "p", tables: [.init(fileName: "t.csv", caption: "c", table: table)],
            figures: []
        ).html
        #expect(html.contains("&lt;b&gt;&amp;&lt;/b&gt;"))
        #expect(!html.contains("<b>&</b>"))
    }
}
