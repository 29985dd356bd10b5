cd /tmp/r0/benchmarks/MlNetTwoLayer.Accuracy
for p in 3 2; do
  grep " $p [0-9.e-]*$" /tmp/r0/plan.txt | while read name rows d k P r pp lam; do
    nice -n 5 ./bin/Release/net10.0/MlNetTwoLayer.Accuracy --ours-only --sets $name --seeds 0,1,2 --normalisers MeanVariance --set L2Regularization=$lam --suffix "rpw p$p" --raw /tmp/r0/rpw.jsonl > /tmp/r0/log-$name-$p.txt 2>&1
    echo "$(date +%T) $name p$p done"
  done
done
