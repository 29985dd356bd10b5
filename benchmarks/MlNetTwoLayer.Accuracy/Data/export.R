# Exports the R-package data sets of the accuracy suite to Data/<name>.csv.gz (issue 15).
# Run from this folder: Rscript export.R   (Debian: r-base-core r-cran-modeldata r-cran-kernlab
# r-cran-mass r-cran-caret r-cran-palmerpenguins). Never mlbench: it is held out.
# Every file: a header, the label first, then numeric features. Unordered factors are one-hot
# encoded (one column per level), ordered factors become their integer codes, logicals 0/1.
# Rows with a missing value are dropped (complete cases). The maths of each set is untouched.
suppressPackageStartupMessages({
  library(modeldata); library(kernlab); library(MASS); library(caret); library(palmerpenguins)
})

write_set <- function(name, df, label) {
  df <- as.data.frame(df)
  df <- df[complete.cases(df), , drop = FALSE]
  y <- as.character(df[[label]])
  x <- df[, setdiff(names(df), label), drop = FALSE]
  cols <- list()
  for (n in names(x)) {
    v <- x[[n]]
    if (is.ordered(v)) {
      cols[[n]] <- as.integer(v)
    } else if (is.factor(v) || is.character(v)) {
      v <- factor(v)
      for (l in levels(v)) cols[[paste0(n, "=", l)]] <- as.integer(v == l)
    } else if (is.logical(v)) {
      cols[[n]] <- as.integer(v)
    } else {
      cols[[n]] <- as.numeric(v)
    }
  }
  out <- data.frame(label = gsub("[, ]", "_", y), cols, check.names = FALSE)
  names(out) <- gsub("[, \"]", "_", names(out))
  con <- gzfile(paste0(name, ".csv.gz"), "w")
  write.csv(format(out, digits = 7, trim = TRUE, scientific = FALSE), con, row.names = FALSE, quote = FALSE)
  close(con)
  cat(sprintf("%-14s %6d rows %4d features %3d classes\n", name, nrow(out), ncol(out) - 1, length(unique(y))))
}

data(ad_data, package = "modeldata");       write_set("ad_data", ad_data, "Class")
data(attrition, package = "modeldata");     write_set("attrition", attrition, "Attrition")
data(cells, package = "modeldata");         write_set("cells", cells[, names(cells) != "case"], "class")
data(mlc_churn, package = "modeldata");     write_set("churn", mlc_churn, "churn")
data(credit_data, package = "modeldata");   write_set("credit", credit_data, "Status")
data(hpc_data, package = "modeldata");      write_set("hpc", hpc_data, "class")
data(lending_club, package = "modeldata");  write_set("lending_club", lending_club, "Class")
data(cox2, package = "caret");              write_set("cox2", data.frame(cox2Descr, Class = cox2Class), "Class")
data(mdrr, package = "caret");              write_set("mdrr", data.frame(mdrrDescr, Class = mdrrClass), "Class")
data(GermanCredit, package = "caret");      write_set("german_credit", GermanCredit, "Class")
data(income, package = "kernlab");          write_set("income", income, "INCOME")
data(musk, package = "kernlab");            write_set("musk", musk, "Class")
data(promotergene, package = "kernlab");    write_set("promoters", promotergene, "Class")
data(spam, package = "kernlab");            write_set("spam", spam, "type")
# ticdata: the first 5822 rows are the CoIL 2000 training part (the rest is its test part).
data(ticdata, package = "kernlab");         write_set("ticdat", ticdata[1:5822, ], "CARAVAN")
data(crabs, package = "MASS")
crabs$kind <- paste(crabs$sp, crabs$sex, sep = "_")
write_set("crabs", crabs[, c("kind", "FL", "RW", "CL", "CW", "BD")], "kind")
write_set("penguins", palmerpenguins::penguins[, names(palmerpenguins::penguins) != "year"], "species")

# Larger sets (issue 15, session 4: the L2 default was chosen on sets of 106-5000 rows). Debian:
# r-cran-ggplot2 r-cran-cardata r-cran-mlmrev r-cran-modeldata. Halves fixed by hand before any run
# (DataSetCatalog.cs, "Larger sets"): tuning diamonds, mpls_neighborhood, mpls_stops;
# confirmation chem97, gss_vocab, wa_churn.
suppressPackageStartupMessages({ library(ggplot2); library(carData); library(mlmRev) })
# diamonds: the cut grade (5 classes) from the other columns (colour and clarity are ordered: codes).
write_set("diamonds", ggplot2::diamonds, "cut")
# Minneapolis police stops, 2017: why the officer stopped (traffic / suspicious). idNum and date
# dropped (identifiers), citationIssued dropped (missing on most rows).
mpls <- carData::MplsStops[, c("problem", "MDC", "personSearch", "vehicleSearch", "preRace", "race",
                               "gender", "lat", "long", "policePrecinct", "neighborhood")]
write_set("mpls_stops", mpls, "problem")
# The same stops' neighbourhood (87 classes) from where they happened: a many-class set.
write_set("mpls_neighborhood", carData::MplsStops[, c("neighborhood", "lat", "long", "policePrecinct")], "neighborhood")
# GSS vocabulary test: the score 0-10 (11 classes) from year, gender, birth, age and education.
write_set("gss_vocab", carData::GSSvocab, "vocab")
# A-level chemistry 1997: the grade (0-10 in steps of 2, 6 classes) from gender, age and GCSE scores;
# the lea / school / student identifiers dropped.
write_set("chem97", mlmRev::Chem97[, c("score", "gender", "age", "gcsescore", "gcsecnt")], "score")
# IBM Watson telco churn (modeldata::wa_churn).
data(wa_churn, package = "modeldata");      write_set("wa_churn", wa_churn, "churn")

# Fresh hold-out (issue 15, session 5): eight sets nobody had run anything on, chosen and committed
# (DataSetCatalog.cs, "Fresh") before any learner was run on them, to check the defaults chosen in
# sessions 3-4 (L2RowsPerWeight among them) on data they were not chosen on. Never tune on these.
# Debian: r-cran-aer r-cran-cardata r-cran-dslabs r-cran-modeldata r-cran-adegenet.
suppressPackageStartupMessages({ library(AER); library(dslabs); library(adegenet) })
# US Current Population Survey, March 1988: part-time work (9% yes) from wage, education,
# experience, ethnicity, SMSA and region. Large and low-dimensional.
data(CPS1988, package = "AER");             write_set("cps_parttime", CPS1988, "parttime")
# Boston HMDA mortgage applications: denied (12% yes) from ratios and applicant attributes.
data(HMDA, package = "AER");                write_set("hmda", HMDA, "deny")
# Titanic passengers: survived from sex, age and class (complete cases: those with an age).
write_set("titanic", carData::TitanicSurvival, "survived")
# 1988 Chilean plebiscite survey: intended vote (4 classes: yes, no, undecided, abstain).
write_set("chile", carData::Chile, "vote")
# Italian olive oils: the area of origin (9 classes) from eight fatty acids; region dropped (it
# is a function of the area).
write_set("olive", dslabs::olive[, names(dslabs::olive) != "region"], "area")
# Stack Overflow developer survey 2017 (modeldata): remote work (10% remote).
data(stackoverflow, package = "modeldata"); write_set("stackoverflow", stackoverflow, "Remote")
# Parkinson's disease speech features (modeldata::pd_speech): 752 features, 75% PD.
data(pd_speech, package = "modeldata");     write_set("pd_speech", pd_speech, "class")
# Cattle microsatellites (adegenet::microbov): the breed (15 classes) from allele counts at 30
# loci (373 columns, 0/1/2); individuals with a missing genotype dropped (complete cases).
data(microbov, package = "adegenet")
write_set("microbov", data.frame(breed = as.character(pop(microbov)), tab(microbov), check.names = FALSE), "breed")
