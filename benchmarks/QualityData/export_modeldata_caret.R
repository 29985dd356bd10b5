# Writes the r-cran-modeldata (1.1.0) and r-cran-caret (6.0-93) data sets added to the quality
# benchmark as CSV (label last). Run with Debian's Rscript from this folder; the files are
# committed. Sources and licences: README.md. No r-cran-mlbench set and no copy of one.
suppressMessages({ library(modeldata); library(caret) })
# Numbers are kept to 7 significant digits: the benchmark reads them as 32-bit floats anyway.
out <- function(df, file) {
  df[] <- lapply(df, function(x) if (is.numeric(x)) signif(x, 7) else x)
  write.csv(df, file, row.names = FALSE, quote = FALSE)
}

data(dhfr, package = "caret")           # 325 x 228, binary: dihydrofolate reductase inhibitors
d <- dhfr[, setdiff(names(dhfr), "Y")]
d$active <- ifelse(dhfr$Y == "active", "true", "false")
out(d, "dhfr.csv")

data(BloodBrain, package = "caret")     # 208 x 134, regression: log(brain/blood) concentration
bb <- bbbDescr; bb$logBBB <- logBBB
out(bb, "bloodbrain.csv")

data(concrete, package = "modeldata")   # 1030 x 8, regression: compressive strength (MPa)
out(as.data.frame(concrete), "concrete.csv")

data(biomass, package = "modeldata")    # 536 x 5, regression: higher heating value (MJ/kg)
out(biomass[, c("carbon", "hydrogen", "oxygen", "nitrogen", "sulfur", "HHV")], "biomass.csv")

data(car_prices, package = "modeldata") # 804 x 17, regression: price of a used GM car ($)
cp <- as.data.frame(car_prices); cp <- cp[, c(setdiff(names(cp), "Price"), "Price")]
out(cp, "car_prices.csv")

data(meats, package = "modeldata")      # 215 x 100 NIR absorbances, regression: fat (%)
# water and protein are left out: with fat they sum to about 100, so they would give the label away.
m <- as.data.frame(meats); m <- m[, c(grep("^x_", names(m), value = TRUE), "fat")]
out(m, "meats.csv")
