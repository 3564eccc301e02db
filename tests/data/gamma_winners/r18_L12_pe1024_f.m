Network 0 {
Layer CONV {
Type: CONV
Dimensions { K: 256, C: 256, Y: 14, X: 14, R: 3, S: 3 }
Dataflow {
TemporalMap(3,3) R;
TemporalMap(14,14) X';
TemporalMap(14,14) Y';
TemporalMap(16,16) K;
TemporalMap(3,3) S;
SpatialMap(256,256) C;
Cluster(113,P);
SpatialMap(1,1) C;
TemporalMap(3,3) S;
TemporalMap(3,3) R;
TemporalMap(2,2) X';
TemporalMap(1,1) K;
TemporalMap(14,14) Y';
}
}
}