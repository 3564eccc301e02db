Network 0 {
Layer CONV {
Type: CONV
Dimensions { K: 64, C: 64, Y: 56, X: 56, R: 3, S: 3 }
Dataflow {
TemporalMap(56,56) X';
SpatialMap(4,4) C;
TemporalMap(64,64) K;
TemporalMap(56,56) Y';
TemporalMap(3,3) S;
TemporalMap(3,3) R;
Cluster(8,P);
TemporalMap(2,2) C;
SpatialMap(2,2) K;
TemporalMap(3,3) R;
TemporalMap(3,3) S;
TemporalMap(1,1) Y';
TemporalMap(1,1) X';
}
}
}