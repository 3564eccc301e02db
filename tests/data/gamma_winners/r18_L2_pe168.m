Network 0 {
Layer CONV {
Type: CONV
Dimensions { K: 64, C: 64, Y: 56, X: 56, R: 3, S: 3 }
Dataflow {
TemporalMap(3,3) S;
TemporalMap(56,56) X';
SpatialMap(2,2) C;
TemporalMap(55,55) Y';
TemporalMap(3,3) R;
TemporalMap(35,35) K;
Cluster(5,P);
TemporalMap(3,3) R;
TemporalMap(2,2) C;
TemporalMap(3,3) S;
SpatialMap(1,1) K;
TemporalMap(1,1) X';
TemporalMap(1,1) Y';
}
}
}