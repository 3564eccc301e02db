#!/usr/bin/env bash
# gen_layers.sh N: a network of N CONV layers in plain MAESTRO form (a
# two-level NVDLA-like dataflow, shapes varying with the index), on stdout.
n=${1:-5000}
echo "Network big {"
for ((i = 0; i < n; i++)); do
	k=$((16 << (i % 4))); c=$((8 << (i % 3))); r=$((1 + 2 * (i % 2))); y=$((14 + i % 43))
	cat <<EOL
	Layer L$i {
		Type: CONV
		Stride { X: 1, Y: 1 }
		Dimensions { K: $k, C: $c, R: $r, S: $r, Y: $y, X: $y }
		Dataflow {
			SpatialMap(1,1) K;
			TemporalMap(8,8) C;
			TemporalMap(Sz(R),Sz(R)) R;
			TemporalMap(Sz(S),Sz(S)) S;
			TemporalMap(Sz(R),1) Y;
			TemporalMap(Sz(S),1) X;
			Cluster(8, P);
			SpatialMap(1,1) C;
			TemporalMap(Sz(R),1) Y;
			TemporalMap(Sz(S),1) X;
		}
	}
EOL
done
echo "}"
