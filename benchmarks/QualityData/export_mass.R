# Writes the R MASS package data sets used by the quality benchmark as CSV (label last).
# Run with Debian's Rscript and r-cran-mass (7.3-58.2); the files are committed. Sources: README.md.
library(MASS)
pima <- rbind(Pima.tr, Pima.te)
pima$diabetic <- ifelse(pima$type == "Yes", "true", "false"); pima$type <- NULL
write.csv(pima, "pima.csv", row.names = FALSE, quote = FALSE)
b <- na.omit(biopsy)
b$malignant <- ifelse(b$class == "malignant", "true", "false"); b$class <- NULL; b$ID <- NULL
write.csv(b, "biopsy.csv", row.names = FALSE, quote = FALSE)
bw <- birthwt
bw$lowweight <- ifelse(bw$low == 1, "true", "false"); bw$low <- NULL; bw$bwt <- NULL
write.csv(bw, "birthwt.csv", row.names = FALSE, quote = FALSE)
write.csv(Boston, "boston.csv", row.names = FALSE, quote = FALSE)
cp <- cpus[, c("syct", "mmin", "mmax", "cach", "chmin", "chmax", "perf")]
write.csv(cp, "cpus.csv", row.names = FALSE, quote = FALSE)
aq <- na.omit(airquality)
aq <- aq[, c("Solar.R", "Wind", "Temp", "Month", "Day", "Ozone")]
write.csv(aq, "airquality.csv", row.names = FALSE, quote = FALSE)
