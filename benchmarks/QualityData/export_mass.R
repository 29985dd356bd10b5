# Writes the R MASS package data sets used by the quality benchmark as CSV (label last).
# Run with Debian's Rscript and r-cran-mass (7.3-58.2); the files are committed. Sources: README.md.
library(MASS)
# MASS's Pima.* and biopsy are left out: they are copies of r-cran-mlbench's PimaIndiansDiabetes and
# BreastCancer, which the project keeps held out (as the accuracy suite does).
bw <- birthwt
bw$lowweight <- ifelse(bw$low == 1, "true", "false"); bw$low <- NULL; bw$bwt <- NULL
write.csv(bw, "birthwt.csv", row.names = FALSE, quote = FALSE)
write.csv(Boston, "boston.csv", row.names = FALSE, quote = FALSE)
cp <- cpus[, c("syct", "mmin", "mmax", "cach", "chmin", "chmax", "perf")]
write.csv(cp, "cpus.csv", row.names = FALSE, quote = FALSE)
aq <- na.omit(airquality)
aq <- aq[, c("Solar.R", "Wind", "Temp", "Month", "Day", "Ozone")]
write.csv(aq, "airquality.csv", row.names = FALSE, quote = FALSE)
