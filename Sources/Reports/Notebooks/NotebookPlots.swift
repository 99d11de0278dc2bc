/// The matplotlib cell of each notebook: Python that redraws the output from the `df` loaded by the
/// previous cell, in the same layout as msdb's SVG (panels, solid U-Net, dashed DeepLabv3+).
enum NotebookPlots {
    static func code(for output: NotebookExport.Output) -> String {
        switch output {
        case .table2, .table3: table
        case .fig2: figure2
        case .fig3, .fig4: imageGrid
        case .fig5: figure5
        case .fig6: figure6
        }
    }

    private static let table = #"""
        import matplotlib.pyplot as plt

        # Read the cells as text so the numbers show exactly as exported (e.g. 98.00, empty std).
        shown = pd.read_csv(CSV, dtype=str, keep_default_na=False).drop(columns=["run_ids"])
        fig, ax = plt.subplots(figsize=(1.3 * len(shown.columns), 0.35 * (len(shown) + 2)))
        ax.axis("off")
        ax.table(cellText=shown.values, colLabels=list(shown.columns), loc="center")
        plt.show()
        """#

    private static let figure2 = #"""
        import matplotlib.pyplot as plt


        def label(noise, ratio):
            return noise.upper() if pd.isna(ratio) else f"{noise.upper()} {ratio:g}"


        # Like msdb's SVG: Dice at each epoch's searched threshold when every point has it, else at 0.5.
        searched = "dice_searched" in df.columns and df["dice_searched"].notna().all()
        value = "dice_searched" if searched else "dice"
        panels = sorted(df["panel"].unique())
        fig, axes = plt.subplots(1, len(panels), figsize=(6.5 * len(panels), 4.5), squeeze=False)
        for ax, panel in zip(axes[0], panels):
            sub = df[df["panel"] == panel]
            keys = sorted({(n, r) for n, r in zip(sub["noise"], sub["ratio"].fillna(2.0))},
                          key=lambda k: (k[0] != "cl", k[0], -k[1] if k[0] == "rs" else k[1]))
            for model in sorted(sub["model"].unique(), key=lambda m: (m != "unet", m)):
                for index, (noise, ratio) in enumerate(keys):
                    mask = (sub["model"] == model) & (sub["noise"] == noise) & (sub["ratio"].fillna(2.0) == ratio)
                    curve = sub[mask].groupby("epoch", as_index=False)[value].mean()
                    if curve.empty:
                        continue
                    shown_ratio = float("nan") if ratio == 2.0 else ratio
                    ax.plot(curve["epoch"], curve[value], color=f"C{index}",
                            linestyle="-" if model == "unet" else "--", label=f"{model} {label(noise, shown_ratio)}")
            ax.set_title(f"Panel {panel}")
            ax.set_xlabel("Epoch")
            ax.set_ylabel("Test Dice (%), IoU-max threshold" if searched else "Test Dice (%)")
            ax.legend(fontsize=7)
        plt.tight_layout()
        plt.show()
        """#

    private static let figure5 = #"""
        import matplotlib.pyplot as plt

        # Like msdb's SVG: a panel shows Dice at the searched threshold when it has it, else at 0.5.
        present = {(p, m) for p, m in zip(df["panel"], df["metric"])}
        groups = sorted(g for g in present if not (g[1] == "dice" and (g[0], "dice_searched") in present))
        columns = min(2, len(groups))
        rows = (len(groups) + columns - 1) // columns
        fig, axes = plt.subplots(rows, columns, figsize=(6.5 * columns, 4.2 * rows), squeeze=False)
        for ax, (panel, metric) in zip(axes.flat, groups):
            letter = df[df["panel"] == panel]
            keys = sorted({(n, r) for n, r in zip(letter["noise"], letter["ratio"].fillna(2.0))},
                          key=lambda k: (k[0] != "cl", k[0], -k[1] if k[0] == "rs" else k[1]))
            sub = letter[letter["metric"] == metric]
            for index, (noise, ratio) in enumerate(keys):
                curve = sub[(sub["noise"] == noise) & (sub["ratio"].fillna(2.0) == ratio)]
                curve = curve.groupby("x", as_index=False)["value"].mean()
                if curve.empty:
                    continue
                name = noise.upper() if ratio == 2.0 else f"{noise.upper()} {ratio:g}"
                ax.plot(curve["x"], curve["value"], color=f"C{index}", label=name,
                        linewidth=0.8 if metric == "loss" else 1.5)
            ax.set_title(f"Panel {panel}: {metric}")
            ax.set_xlabel("Step" if metric == "loss" else "Epoch")
            ax.set_ylabel({"loss": "Training loss", "dice_searched": "Test Dice (%), IoU-max threshold"}
                          .get(metric, "Test Dice (%)"))
            ax.legend(fontsize=8)
        for ax in list(axes.flat)[len(groups):]:
            ax.axis("off")
        plt.tight_layout()
        plt.show()
        """#

    private static let imageGrid = #"""
        import matplotlib.pyplot as plt

        images = REPORTS / "images"
        for panel in sorted(df["panel"].unique()):
            sub = df[df["panel"] == panel]
            paths = [images / f"{a}.png" for a in sub["artifact_id"]]
            if not all(p.exists() for p in paths):
                print(f"Panel {panel}: pictures not exported; artifact ids (see `msdb cat ID`):")
                for row in sub.itertuples():
                    print(f"  row {row.row} col {row.col} {row.caption}: {row.artifact_id}")
                continue
            rows, cols = int(sub["row"].max()) + 1, int(sub["col"].max()) + 1
            fig, axes = plt.subplots(rows, cols, figsize=(2.2 * cols, 2.4 * rows), squeeze=False)
            for ax in axes.flat:
                ax.axis("off")
            for row, path in zip(sub.itertuples(), paths):
                ax = axes[int(row.row)][int(row.col)]
                ax.imshow(plt.imread(path), cmap="gray", interpolation="nearest")
                ax.set_title(row.caption, fontsize=8)
            fig.suptitle(f"Panel {panel}")
            plt.tight_layout()
            plt.show()
        """#

    private static let figure6 = #"""
        import math

        import matplotlib.pyplot as plt

        fig, axes = plt.subplots(1, len(df), figsize=(3.2 * len(df), 3.4), squeeze=False)
        for ax, row in zip(axes[0], df.itertuples()):
            values = [float(v) for v in str(row.ntm).split()]
            size = math.isqrt(len(values))
            matrix = [values[i * size:(i + 1) * size] for i in range(size)]
            ax.imshow(matrix, cmap="viridis", vmin=0, vmax=1)
            for i in range(size):
                for j in range(size):
                    ax.text(j, i, f"{matrix[i][j]:.3f}", ha="center", va="center",
                            color="white" if matrix[i][j] < 0.5 else "black")
            ax.set_xticks(range(size))
            ax.set_yticks(range(size))
            ax.set_xlabel("y*")
            ax.set_ylabel("y")
            corr = "" if pd.isna(row.kde_corr_gt) else f", KDE corr {row.kde_corr_gt:.3f}"
            ax.set_title(f"{row.label} (rank {row.rank}{corr})", fontsize=9)
        plt.tight_layout()
        plt.show()
        """#
}
