Network 0 {
Layer CONV {
Type: CONV
Dimensions { K: 16, C: 32, Y: 112, X: 112, R: 1, S: 1 }
Dataflow {
SpatialMap(3,3) X';
TemporalMap(1,1) S;
TemporalMap(17,17) C;
TemporalMap(1,1) R;
TemporalMap(9,9) K;
TemporalMap(12,12) Y';
Cluster(4,P);
TemporalMap(16,16) C;
TemporalMap(1,1) R;
TemporalMap(1,1) S;
SpatialMap(1,1) Y';
TemporalMap(3,3) X';
TemporalMap(8,8) K;
}
}
}