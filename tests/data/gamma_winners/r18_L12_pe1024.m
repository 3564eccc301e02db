Network 0 {
Layer CONV {
Type: CONV
Dimensions { K: 256, C: 256, Y: 14, X: 14, R: 3, S: 3 }
Dataflow {
TemporalMap(3,3) R;
TemporalMap(13,13) Y';
TemporalMap(13,13) X';
TemporalMap(3,3) S;
SpatialMap(1,1) C;
TemporalMap(128,128) K;
Cluster(64,P);
TemporalMap(3,3) R;
TemporalMap(1,1) C;
SpatialMap(1,1) K;
TemporalMap(1,1) Y';
TemporalMap(1,1) X';
TemporalMap(3,3) S;
}
}
}