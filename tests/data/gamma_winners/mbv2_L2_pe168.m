Network 0 {
Layer DSCONV {
Type: DSCONV
Dimensions { K: 1, C: 32, Y: 112, X: 112, R: 3, S: 3 }
Dataflow {
TemporalMap(3,3) R;
SpatialMap(4,4) C;
TemporalMap(112,112) X';
TemporalMap(3,3) S;
TemporalMap(111,111) Y';
Cluster(37,P);
TemporalMap(4,4) C;
TemporalMap(1,1) X';
TemporalMap(3,3) S;
TemporalMap(3,3) R;
SpatialMap(1,1) Y';
}
}
}