Network 0 {
Layer DSCONV {
Type: DSCONV
Dimensions { K: 1, C: 384, Y: 14, X: 14, R: 3, S: 3 }
Dataflow {
TemporalMap(13,13) X';
TemporalMap(13,13) Y';
TemporalMap(3,3) S;
TemporalMap(3,3) R;
SpatialMap(20,20) C;
Cluster(2,P);
TemporalMap(3,3) S;
TemporalMap(3,3) R;
SpatialMap(1,1) C;
TemporalMap(1,1) X';
TemporalMap(13,13) Y';
}
}
}