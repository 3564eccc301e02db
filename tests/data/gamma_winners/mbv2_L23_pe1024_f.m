Network 0 {
Layer DSCONV {
Type: DSCONV
Dimensions { K: 1, C: 384, Y: 14, X: 14, R: 3, S: 3 }
Dataflow {
TemporalMap(3,3) R;
TemporalMap(14,14) Y';
TemporalMap(14,14) X';
SpatialMap(32,32) C;
TemporalMap(3,3) S;
Cluster(60,P);
SpatialMap(1,1) C;
TemporalMap(1,1) X';
TemporalMap(3,3) R;
TemporalMap(3,3) S;
TemporalMap(1,1) Y';
}
}
}