Network 0 {
Layer CONV {
Type: CONV
Dimensions { K: 16, C: 32, Y: 112, X: 112, R: 1, S: 1 }
Dataflow {
TemporalMap(1,1) R;
TemporalMap(112,112) X';
TemporalMap(1,1) S;
TemporalMap(16,16) K;
SpatialMap(2,2) Y';
TemporalMap(32,32) C;
Cluster(56,P);
TemporalMap(1,1) Y';
SpatialMap(1,1) X';
TemporalMap(1,1) K;
TemporalMap(1,1) R;
TemporalMap(1,1) S;
TemporalMap(16,16) C;
}
}
}