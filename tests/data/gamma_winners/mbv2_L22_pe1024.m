Network 0 {
Layer CONV {
Type: CONV
Dimensions { K: 384, C: 64, Y: 14, X: 14, R: 1, S: 1 }
Dataflow {
TemporalMap(1,1) R;
SpatialMap(1,1) C;
TemporalMap(1,1) S;
TemporalMap(281,281) K;
TemporalMap(9,9) X';
TemporalMap(8,8) Y';
Cluster(57,P);
TemporalMap(1,1) C;
SpatialMap(1,1) K;
TemporalMap(7,7) Y';
TemporalMap(8,8) X';
TemporalMap(1,1) R;
TemporalMap(1,1) S;
}
}
}