Network 0 {
Layer CONV {
Type: CONV
Dimensions { K: 64, C: 3, Y: 224, X: 224, R: 7, S: 7 }
Dataflow {
TemporalMap(7,7) R;
TemporalMap(219,219) Y';
TemporalMap(222,222) X';
TemporalMap(3,3) C;
SpatialMap(1,1) K;
TemporalMap(7,7) S;
Cluster(3,P);
TemporalMap(7,7) S;
TemporalMap(1,1) Y';
TemporalMap(1,1) X';
TemporalMap(7,7) R;
SpatialMap(1,1) C;
TemporalMap(1,1) K;
}
}
}