Network 0 {
Layer CONV {
Type: CONV
Dimensions { K: 384, C: 64, Y: 14, X: 14, R: 1, S: 1 }
Dataflow {
SpatialMap(18,18) C;
TemporalMap(1,1) S;
TemporalMap(1,1) R;
TemporalMap(313,313) K;
TemporalMap(8,8) X';
TemporalMap(8,8) Y';
Cluster(79,P);
TemporalMap(1,1) R;
SpatialMap(1,1) K;
TemporalMap(1,1) S;
TemporalMap(7,7) Y';
TemporalMap(1,1) C;
TemporalMap(7,7) X';
}
}
}