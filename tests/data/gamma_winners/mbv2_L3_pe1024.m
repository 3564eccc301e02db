Network 0 {
Layer CONV {
Type: CONV
Dimensions { K: 16, C: 32, Y: 112, X: 112, R: 1, S: 1 }
Dataflow {
TemporalMap(18,18) C;
SpatialMap(2,2) Y';
TemporalMap(1,1) S;
TemporalMap(1,1) R;
TemporalMap(10,10) K;
TemporalMap(59,59) X';
Cluster(66,P);
TemporalMap(1,1) R;
TemporalMap(17,17) C;
TemporalMap(1,1) Y';
TemporalMap(1,1) S;
SpatialMap(1,1) X';
TemporalMap(9,9) K;
}
}
}