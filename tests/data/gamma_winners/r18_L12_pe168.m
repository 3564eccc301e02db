Network 0 {
Layer CONV {
Type: CONV
Dimensions { K: 256, C: 256, Y: 14, X: 14, R: 3, S: 3 }
Dataflow {
SpatialMap(1,1) C;
TemporalMap(3,3) S;
TemporalMap(3,3) R;
TemporalMap(154,154) K;
TemporalMap(14,14) X';
TemporalMap(14,14) Y';
Cluster(5,P);
TemporalMap(3,3) S;
TemporalMap(13,13) Y';
SpatialMap(1,1) K;
TemporalMap(3,3) R;
TemporalMap(1,1) C;
TemporalMap(2,2) X';
}
}
}